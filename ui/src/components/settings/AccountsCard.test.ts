import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return { ...original, listAccounts: vi.fn(), setDefaultAccount: vi.fn(), setNotifyToSignIn: vi.fn(), setTrustIgcSante: vi.fn() };
});

import * as backend from '../../lib/backend';
import AccountsCard from './AccountsCard.svelte';

const api = vi.mocked(backend);

const OWN: AccountInfo = {
  email: 'nadege.vives@esante-occitanie.mssante.fr',
  display_name: 'Nadège Vives',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'nadege.vives@esante-occitanie.mssante.fr',
  imap: 'imap.medimail.fr:993',
  smtp: 'smtp.medimail.fr:465',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};
const ORG: AccountInfo = {
  ...OWN,
  email: 'mss@esante-occitanie.mssante.fr',
  display_name: null,
  kind: 'organisationnel',
  login: 'mss@esante-occitanie.mssante.fr',
  opened_through: OWN.email,
};

beforeEach(() => {
  vi.clearAllMocks();
  api.listAccounts.mockResolvedValue([OWN, ORG]);
});

describe('Comptes accessibles', () => {
  it('lists own and organisational accounts, the own one default until another is chosen', async () => {
    render(AccountsCard);
    const table = await screen.findByTestId('settings-accounts');
    const rows = within(table).getAllByRole('rowheader');
    expect(rows.map((r) => r.textContent?.trim())).toEqual([OWN.email, expect.stringContaining(ORG.email)]);
    expect(rows[1]).toHaveTextContent(`boîte organisationnelle ouverte par ${OWN.email}`);
    expect(within(table).getByRole('checkbox', { name: `Compte par défaut : ${OWN.email}` })).toBeChecked();
    expect(within(table).getByRole('checkbox', { name: `Compte par défaut : ${ORG.email}` })).not.toBeChecked();
  });

  it('saves the default account and the arrival notice to the sign-in account', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    api.setDefaultAccount.mockResolvedValue({ ...ORG, is_default: true });
    api.setNotifyToSignIn.mockResolvedValue({ ...ORG, notify_to_sign_in: true });
    render(AccountsCard, { onSaved });
    const table = await screen.findByTestId('settings-accounts');
    await user.click(within(table).getByRole('checkbox', { name: `Compte par défaut : ${ORG.email}` }));
    // One default: choosing the organisational mailbox unchecks the personal account.
    expect(within(table).getByRole('checkbox', { name: `Compte par défaut : ${OWN.email}` })).not.toBeChecked();
    await user.click(within(table).getByRole('checkbox', { name: `Notification de réception de ${ORG.email} vers le compte de connexion` }));
    api.listAccounts.mockResolvedValue([OWN, { ...ORG, is_default: true, notify_to_sign_in: true }]);
    await user.click(screen.getByTestId('settings-accounts-save'));
    await waitFor(() => expect(screen.getByTestId('settings-accounts-status')).toHaveTextContent('Enregistré.'));
    expect(api.setDefaultAccount).toHaveBeenCalledWith(ORG.email);
    expect(api.setNotifyToSignIn).toHaveBeenCalledExactlyOnceWith(ORG.email, true);
    expect(onSaved).toHaveBeenCalledOnce();
  });

  it('saves the trust in the IGC-Santé authorities of an own account, not of a mailbox opened through it', async () => {
    const user = userEvent.setup();
    api.listAccounts.mockResolvedValue([{ ...OWN, trust_igc_sante: true }, ORG]);
    api.setTrustIgcSante.mockResolvedValue(OWN);
    render(AccountsCard);
    const table = await screen.findByTestId('settings-accounts');
    const ownBox = within(table).getByRole('checkbox', {
      name: `Faire confiance aux autorités de certification IGC-Santé pour les domaines MSSanté de ${OWN.email}`,
    });
    expect(ownBox).toBeChecked();
    // The organisational mailbox connects through its member: no choice of its own.
    expect(within(table).getAllByTestId('settings-account-igc-sante')).toHaveLength(1);
    await user.click(ownBox);
    api.listAccounts.mockResolvedValue([OWN, ORG]);
    await user.click(screen.getByTestId('settings-accounts-save'));
    await waitFor(() => expect(screen.getByTestId('settings-accounts-status')).toHaveTextContent('Enregistré.'));
    expect(api.setTrustIgcSante).toHaveBeenCalledExactlyOnceWith(OWN.email, false);
    expect(api.setNotifyToSignIn).not.toHaveBeenCalled();
  });

  it('says a failed save in French', async () => {
    const user = userEvent.setup();
    api.setNotifyToSignIn.mockRejectedValue({ code: 'store', message: 'x' });
    render(AccountsCard);
    const table = await screen.findByTestId('settings-accounts');
    await user.click(within(table).getByRole('checkbox', { name: `Notification de réception de ${OWN.email} vers le compte de connexion` }));
    await user.click(screen.getByTestId('settings-accounts-save'));
    expect(await screen.findByRole('alert')).not.toBeEmptyDOMElement();
  });
});
