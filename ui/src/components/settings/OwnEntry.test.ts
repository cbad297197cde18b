// "Informations personnelles" and "Dématérialisation" read and write the user's own entry
// in the operator's directory: filled from it, "Enregistrer" confirms, a refusal is said.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';
import type { OwnEntry } from '../../lib/bindings/OwnEntry';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return { ...original, getOwnEntry: vi.fn(), saveOwnEntry: vi.fn() };
});

import * as backend from '../../lib/backend';
import PersonalSection from './PersonalSection.svelte';
import DematerialisationSection from './DematerialisationSection.svelte';

const api = vi.mocked(backend);

const ACCOUNT: AccountInfo = {
  email: 'jean.dupont@medimail.test',
  display_name: 'Dr Jean Dupont',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'jean.dupont@medimail.test',
  imap: 'imap.medimail.test:993',
  smtp: 'smtp.medimail.test:465',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};

const ENTRY: OwnEntry = {
  address: 'jean.dupont@medimail.test',
  account_type: 'personnel',
  rpps: '89970010016',
  surname: 'DUPONT',
  first_name: 'Jean',
  phone: '05 61 00 12 34',
  mobile: '',
  street: '12 rue des Lois',
  city: 'Toulouse',
  postal_code: '31000',
  region: 'Occitanie',
  department: 'Haute-Garonne (31)',
  company_name: 'Cabinet médical du Dr Dupont',
  profession: 'Médecin',
  specialty: 'Médecine générale',
  finess: '',
  responsible: '',
  description: '',
  visible_medimail: true,
  visible_mssante: true,
  dematerialisation: false,
};

beforeEach(() => {
  vi.clearAllMocks();
  api.getOwnEntry.mockResolvedValue(ENTRY);
});

describe('Informations personnelles', () => {
  it('fills the forms from the entry, no "later" notice left', async () => {
    render(PersonalSection, { account: ACCOUNT });
    await waitFor(() => expect(screen.getByTestId('own-surname')).toHaveValue('DUPONT'));
    expect(api.getOwnEntry).toHaveBeenCalledWith(ACCOUNT.email);
    expect(screen.getByTestId('own-phone')).toHaveValue('05 61 00 12 34');
    expect(screen.getByTestId('own-region')).toHaveValue('Occitanie');
    expect(screen.getByTestId('own-specialty')).toHaveValue('Médecine générale');
    expect(screen.getByTestId('own-surname')).toBeEnabled();
    expect(screen.getByTestId('own-visible-medimail')).toBeChecked();
    expect(screen.getByTestId('own-visible-mssante')).toBeChecked();
    expect(screen.queryByTestId('settings-later')).not.toBeInTheDocument();
    expect(screen.getByTestId('settings-activity')).toHaveTextContent('identifiant RPPS');
  });

  it('Enregistrer writes the personal data and confirms', async () => {
    const user = userEvent.setup();
    api.saveOwnEntry.mockImplementation(async (changes) => ({ ...ENTRY, ...changes }) as OwnEntry);
    render(PersonalSection, { account: ACCOUNT });
    const mobile = await screen.findByTestId('own-mobile');
    await waitFor(() => expect(mobile).toBeEnabled());
    await user.type(mobile, '06 12 34 56 78');
    await user.click(screen.getByTestId('own-personal-save'));
    expect(api.saveOwnEntry).toHaveBeenCalledWith(expect.objectContaining({ mobile: '06 12 34 56 78', surname: 'DUPONT' }), ACCOUNT.email);
    expect(await screen.findByText('Vos modifications ont été enregistrées dans l’annuaire.')).toHaveAttribute('role', 'status');
    expect(screen.getByTestId('own-mobile')).toHaveValue('06 12 34 56 78');
  });

  it('says in French why the server refused, and keeps what was typed', async () => {
    const user = userEvent.setup();
    api.saveOwnEntry.mockRejectedValue({ code: 'directory_write_refused', message: 'refused' });
    render(PersonalSection, { account: ACCOUNT });
    const company = await screen.findByTestId('own-company');
    await waitFor(() => expect(company).toBeEnabled());
    await user.clear(company);
    await user.type(company, 'Autre cabinet');
    await user.click(screen.getByTestId('own-activity-save'));
    const alert = await screen.findByTestId('own-activity-save-error');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('L’annuaire de l’opérateur a refusé la modification');
    expect(company).toHaveValue('Autre cabinet');
  });

  it('offers the MSSanté address visibility to RPPS accounts only, and saves the choice', async () => {
    const user = userEvent.setup();
    api.getOwnEntry.mockResolvedValue({ ...ENTRY, account_type: 'medimail', rpps: '' });
    api.saveOwnEntry.mockImplementation(async (changes) => ({ ...ENTRY, account_type: 'medimail', rpps: '', ...changes }) as OwnEntry);
    render(PersonalSection, { account: { ...ACCOUNT, kind: 'medimail' } });
    const visible = await screen.findByTestId('own-visible-medimail');
    await waitFor(() => expect(visible).toBeEnabled());
    expect(screen.queryByTestId('own-visible-mssante')).not.toBeInTheDocument();
    expect(screen.getByTestId('settings-activity-kind')).toHaveTextContent('Type de compte : Medimail');
    await user.click(visible);
    await user.click(screen.getByTestId('own-visibility-save'));
    expect(api.saveOwnEntry).toHaveBeenCalledWith({ visible_medimail: false }, ACCOUNT.email);
  });

  it('shows FINESS, responsible and description read-only for an organisational mailbox', async () => {
    api.getOwnEntry.mockResolvedValue({
      ...ENTRY,
      account_type: 'organisationnel',
      rpps: '',
      finess: '310780002',
      responsible: 'Dr Jean Dupont',
      description: 'Secrétariat du cabinet',
    });
    render(PersonalSection, { account: { ...ACCOUNT, kind: 'organisationnel' } });
    await waitFor(() => expect(screen.getByTestId('own-finess')).toHaveValue('310780002'));
    expect(screen.getByTestId('own-finess')).toHaveAttribute('readonly');
    expect(screen.getByTestId('own-responsible')).toHaveValue('Dr Jean Dupont');
    expect(screen.getByTestId('own-description')).toHaveAttribute('readonly');
    expect(screen.queryByTestId('own-surname')).not.toBeInTheDocument();
  });

  it('says when the entry cannot be read, and tries again', async () => {
    const user = userEvent.setup();
    api.getOwnEntry.mockRejectedValueOnce({ code: 'network', message: 'down' });
    render(PersonalSection, { account: ACCOUNT });
    const error = await screen.findByTestId('own-entry-error');
    expect(error).toHaveTextContent('n’a pas pu être lue');
    expect(screen.getByTestId('own-phone')).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Réessayer' }));
    await waitFor(() => expect(screen.getByTestId('own-phone')).toHaveValue('05 61 00 12 34'));
    expect(screen.queryByTestId('own-entry-error')).not.toBeInTheDocument();
  });

  it('says plainly that a Pro Santé Connect sign-in cannot reach the entry, and what to use instead', async () => {
    const psc = { ...ACCOUNT, auth: 'psc' as const };
    api.getOwnEntry.mockRejectedValue({ code: 'directory_psc_unsupported', message: 'psc' });
    render(PersonalSection, { account: psc });
    const note = await screen.findByTestId('own-entry-psc');
    expect(note).toHaveAttribute('role', 'note');
    expect(note).toHaveTextContent('pas accessible avec une connexion Pro Santé Connect');
    expect(note).toHaveTextContent('carte CPS ou avec votre mot de passe');
    // Not an error to retry: no alert, no "Réessayer".
    expect(screen.queryByTestId('own-entry-error')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Réessayer' })).not.toBeInTheDocument();
    expect(screen.getByTestId('own-phone')).toBeDisabled();
  });
});

describe('Dématérialisation', () => {
  it('shows the current choice and saves a new one', async () => {
    const user = userEvent.setup();
    api.saveOwnEntry.mockImplementation(async (changes) => ({ ...ENTRY, ...changes }) as OwnEntry);
    render(DematerialisationSection, { account: ACCOUNT });
    const option = screen.getByLabelText('Je souhaite dématérialiser tous mes échanges et ne plus recevoir de papier.');
    await waitFor(() => expect(option).toBeEnabled());
    expect(option).not.toBeChecked();
    await user.click(option);
    await user.click(screen.getByTestId('dematerialisation-save'));
    expect(api.saveOwnEntry).toHaveBeenCalledWith({ dematerialisation: true }, ACCOUNT.email);
    expect(await screen.findByTestId('dematerialisation-save-status')).toHaveTextContent('enregistrées');
  });

  it('says the same in its own section for a Pro Santé Connect sign-in', async () => {
    api.getOwnEntry.mockRejectedValue({ code: 'directory_psc_unsupported', message: 'psc' });
    render(DematerialisationSection, { account: { ...ACCOUNT, auth: 'psc' } });
    expect(await screen.findByTestId('own-entry-psc')).toHaveTextContent('Pro Santé Connect');
    expect(screen.queryByTestId('own-entry-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('dematerialisation-save')).toBeDisabled();
  });
});
