import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...original,
    listAccounts: vi.fn(),
    cardStatus: vi.fn(),
    associateCard: vi.fn(),
    openLink: vi.fn(),
    dissociateCard: vi.fn(),
  };
});

import * as backend from '../../lib/backend';
import CredentialsSection from './CredentialsSection.svelte';

const api = vi.mocked(backend);

const PASSWORD: AccountInfo = {
  email: 'claire.martin@esante-occitanie.mssante.fr',
  display_name: 'Dr Claire Martin',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'claire.martin@esante-occitanie.mssante.fr',
  imap: 'imap.medimail.fr:993',
  smtp: 'smtp.medimail.fr:465',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};
const CARD: AccountInfo = { ...PASSWORD, auth: 'card', practitioner_id: '810000000001' };

function setup(account: AccountInfo) {
  const user = userEvent.setup();
  const onChanged = vi.fn();
  render(CredentialsSection, { account, onChanged });
  return { user, onChanged };
}

beforeEach(() => {
  vi.clearAllMocks();
  api.listAccounts.mockResolvedValue([PASSWORD]);
  api.cardStatus.mockResolvedValue({
    state: 'ready',
    readers: [{ name: 'Lecteur 0', card_present: true }],
    card: {
      reader: 'Lecteur 0',
      is_cps: true,
      holder: { surname: 'MARTIN', given_name: 'Claire', profession: 'Médecin', national_id: '810000000001', rpps: '10000000001' },
      not_after: null,
      tries_left: 3,
      blocked: false,
    },
  });
});

describe('Identifiants de connexion', () => {
  it('says how a password account signs in, and that no card is associated', () => {
    setup(PASSWORD);
    expect(screen.getByTestId('settings-auth')).toHaveTextContent('Mot de passe');
    expect(screen.queryByTestId('settings-practitioner')).not.toBeInTheDocument();
    const cards = screen.getByRole('region', { name: 'CPS et e-CPS' });
    expect(within(cards).getByTestId('settings-card-none')).toHaveTextContent('Aucune carte CPS ou e-CPS n’est associée');
    expect(within(cards).getByRole('button', { name: 'Associer une carte CPS' })).toBeEnabled();
  });

  it('names the card and its holder for a card account, and e-CPS for a Pro Santé Connect one', () => {
    setup(CARD);
    expect(screen.getByTestId('settings-auth')).toHaveTextContent('Carte CPS');
    expect(screen.getByTestId('settings-practitioner')).toHaveTextContent('810000000001');
    expect(screen.getByTestId('settings-card-row')).toHaveTextContent('Carte CPS de 810000000001');
    expect(screen.getByRole('button', { name: 'Désassocier la carte de 810000000001' })).toBeInTheDocument();
  });

  it('shows e-CPS (Pro Santé Connect) as the way in', () => {
    setup({ ...CARD, auth: 'psc' });
    expect(screen.getByTestId('settings-auth')).toHaveTextContent('e-CPS (Pro Santé Connect)');
    expect(screen.getByTestId('settings-card-row')).toHaveTextContent('e-CPS de 810000000001');
  });

  it('associates the card in the reader with its PIN', async () => {
    api.associateCard.mockResolvedValue(CARD);
    const { user, onChanged } = setup(PASSWORD);
    await user.click(screen.getByTestId('settings-card-associate'));
    const dialog = screen.getByRole('dialog', { name: 'Associer une carte CPS' });
    expect(dialog).toHaveTextContent('Insérez la carte dans le lecteur puis saisissez son code PIN');
    await waitFor(() => expect(within(dialog).getByTestId('card-status')).toHaveTextContent('Carte de Dr Claire MARTIN'));
    await user.click(within(dialog).getByTestId('card-authenticate'));
    await user.type(within(dialog).getByTestId('card-pin'), '1234{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.associateCard).toHaveBeenCalledWith(PASSWORD.email, '1234');
    expect(onChanged).toHaveBeenCalledWith(CARD);
    expect(screen.getByTestId('settings-auth')).toHaveTextContent('Carte CPS');
    expect(screen.getByTestId('settings-cards-done')).toHaveTextContent('Carte associée');
  });

  it('a wrong PIN while associating says the tries left', async () => {
    api.associateCard.mockRejectedValue({ code: 'pin_wrong', message: 'x', details: [{ key: 'error-pin_wrong', args: { tries: 2 } }] });
    const { user, onChanged } = setup(PASSWORD);
    await user.click(screen.getByTestId('settings-card-associate'));
    await waitFor(() => expect(screen.getByTestId('card-authenticate')).toBeEnabled());
    await user.click(screen.getByTestId('card-authenticate'));
    await user.type(screen.getByTestId('card-pin'), '9999{Enter}');
    expect(await screen.findByTestId('card-error')).toHaveTextContent('Code PIN incorrect : 2 essais restants.');
    expect(screen.getByTestId('card-pin')).toHaveValue('');
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('"Désassocier" asks the password, checked by the server, then the account signs in with it', async () => {
    api.dissociateCard.mockRejectedValueOnce({ code: 'auth_failed', message: 'no' }).mockResolvedValue(PASSWORD);
    const { user, onChanged } = setup(CARD);
    await user.click(screen.getByTestId('settings-card-dissociate'));
    const dialog = screen.getByRole('dialog', { name: 'Désassocier la carte' });
    const password = within(dialog).getByLabelText('Mot de passe du compte');
    await waitFor(() => expect(password).toHaveFocus());
    await user.click(within(dialog).getByTestId('card-dissociate-confirm'));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Ce champ est obligatoire.');
    await user.type(password, 'faux{Enter}');
    await waitFor(() => expect(within(dialog).getByTestId('card-dissociate-error')).not.toHaveTextContent('obligatoire'));
    expect(password).toHaveValue('');
    await user.type(password, 'secret{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.dissociateCard).toHaveBeenLastCalledWith(CARD.email, 'secret');
    expect(onChanged).toHaveBeenCalledWith(PASSWORD);
    expect(screen.getByTestId('settings-auth')).toHaveTextContent('Mot de passe');
    expect(screen.getByTestId('settings-cards-done')).toHaveTextContent('Carte désassociée');
    // The focus goes back to where the dialog was opened from, or stays in the page.
    expect(document.activeElement).not.toBe(document.body.querySelector('[role="dialog"]'));
  });

  it('Escape closes a dialog without changing anything', async () => {
    const { user } = setup(CARD);
    await user.click(screen.getByTestId('settings-card-dissociate'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.dissociateCard).not.toHaveBeenCalled();
  });

  it('"Demander la réinitialisation du mot de passe" invents no address: it says to contact the operator', async () => {
    const { user } = setup(PASSWORD);
    const button = screen.getByRole('button', { name: 'Demander la réinitialisation du mot de passe' });
    expect(screen.getByTestId('settings-password-reset-info')).toBeEmptyDOMElement();
    await user.click(button);
    expect(screen.getByTestId('settings-password-reset-info')).toHaveTextContent(
      'contactez votre opérateur de messagerie',
    );
    expect(screen.getByTestId('settings-password-reset-info')).toHaveAttribute('role', 'status');
  });

  it("opens the operator's page when the account was set up with one", async () => {
    const { user } = setup({ ...PASSWORD, password_reset_url: 'https://operateur.example/mot-de-passe' });
    api.openLink.mockResolvedValue(undefined);
    await user.click(screen.getByRole('button', { name: 'Demander la réinitialisation du mot de passe' }));
    expect(api.openLink).toHaveBeenCalledWith('https://operateur.example/mot-de-passe');
    expect(screen.getByTestId('settings-password-reset-info')).toBeEmptyDOMElement();
  });
});
