import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';
import type { CardStatus } from '../../lib/bindings/CardStatus';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...original,
    cardStatus: vi.fn(),
    signInWithCard: vi.fn(),
    signInWithPassword: vi.fn(),
    addAccount: vi.fn(),
    autoconfig: vi.fn(),
    pscCibaStart: vi.fn(),
    pscCibaWait: vi.fn(),
    pscCibaCancel: vi.fn(),
    pscSignInBrowser: vi.fn(),
  };
});

import * as backend from '../../lib/backend';
import SignIn from './SignIn.svelte';
import { account } from '../../test/accounts';

const api = vi.mocked(backend);

const HOLDER = {
  surname: 'MARTIN',
  given_name: 'Claire',
  profession: 'Médecin',
  national_id: '810000000001',
  rpps: '10000000001',
};

function status(state: CardStatus['state'], extra: Partial<NonNullable<CardStatus['card']>> = {}): CardStatus {
  const card = state === 'no_reader' || state === 'no_card' || state === 'no_service'
    ? null
    : { reader: 'Lecteur 0', is_cps: state !== 'not_cps', holder: state === 'ready' || state === 'blocked' ? HOLDER : null, not_after: null, tries_left: 3, blocked: state === 'blocked', ...extra };
  return { state, readers: state === 'no_reader' ? [] : [{ name: 'Lecteur 0', card_present: card !== null }], card } as CardStatus;
}

const CARD_ACCOUNT = account('claire.martin@medimail.test', 'card', HOLDER.national_id);
const PASSWORD_ACCOUNT = account('secretariat@medimail.test', 'password');

function setup(mode: 'welcome' | 'add' | 'signin', accounts: AccountInfo[] = []) {
  const user = userEvent.setup();
  const onSignedIn = vi.fn();
  const onCancel = mode === 'add' ? vi.fn() : undefined;
  render(SignIn, { mode, accounts, onSignedIn, onCancel });
  return { user, onSignedIn, onCancel };
}

beforeEach(() => {
  vi.clearAllMocks();
  api.cardStatus.mockResolvedValue(status('ready'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Sign-in screen', () => {
  it('offers the three ways of the connection page to add an account, the address and password first', async () => {
    setup('welcome');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Bienvenue dans Medimail Desktop');
    const group = screen.getByRole('group', { name: 'Mode de connexion' });
    expect(group).toHaveTextContent('Carte CPS / CPE');
    expect(group).toHaveTextContent('e-CPS');
    expect(group).toHaveTextContent('Adresse et mot de passe');
    expect(screen.getByRole('radio', { name: 'Adresse et mot de passe' })).toBeChecked();
    expect(screen.getByTestId('account-setup')).toBeInTheDocument();
    // Typing the address is enough: the server fields may stay blank.
    expect(screen.getByTestId('account-setup')).toHaveTextContent('Les serveurs sont trouvés à partir de l’adresse');
  });

  it('signing in again offers only the ways the accounts use, the card first', async () => {
    setup('signin', [CARD_ACCOUNT, PASSWORD_ACCOUNT]);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Vous êtes déconnecté');
    expect(screen.getByRole('heading', { level: 1 })).toHaveFocus();
    expect(screen.getByRole('radio', { name: 'Carte CPS / CPE' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Adresse et mot de passe' })).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'e-CPS' })).not.toBeInTheDocument();
    expect(await screen.findByTestId('card-panel')).toBeInTheDocument();
  });
});

describe('Carte CPS / CPE', () => {
  it('shows the card status live: read again on focus and every 1.5 s', async () => {
    api.cardStatus
      .mockResolvedValueOnce(status('no_reader'))
      .mockResolvedValueOnce(status('no_card'))
      .mockResolvedValueOnce(status('not_cps'))
      .mockResolvedValueOnce(status('blocked'))
      .mockResolvedValue(status('ready'));
    setup('signin', [CARD_ACCOUNT]);
    const line = screen.getByTestId('card-status');
    expect(line).toHaveAttribute('role', 'status');
    await waitFor(() => expect(line).toHaveTextContent('Aucun lecteur de carte n’est branché.'));
    expect(screen.getByTestId('card-authenticate')).toBeDisabled();
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(line).toHaveTextContent('Insérez votre carte CPS dans le lecteur.'));
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(line).toHaveTextContent('Cette carte n’est pas une carte CPS.'));
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(line).toHaveTextContent('Cette carte est bloquée'));
    expect(screen.getByTestId('card-authenticate')).toBeDisabled();
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(line).toHaveTextContent('Carte de Dr Claire MARTIN'));
    expect(screen.getByTestId('card-panel')).toHaveTextContent('3 essais restants pour le code PIN.');
    expect(screen.getByTestId('card-authenticate')).toBeEnabled();
  });

  it('reads the card again every 1.5 seconds while the screen shows', async () => {
    vi.useFakeTimers();
    setup('signin', [CARD_ACCOUNT]);
    await vi.advanceTimersByTimeAsync(10);
    const before = api.cardStatus.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1500);
    expect(api.cardStatus.mock.calls.length).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(api.cardStatus.mock.calls.length).toBe(before + 3);
  });

  it('"Authentifier" then the PIN signs in with the card', async () => {
    api.signInWithCard.mockResolvedValue(HOLDER);
    const { user, onSignedIn } = setup('signin', [CARD_ACCOUNT]);
    await waitFor(() => expect(screen.getByTestId('card-authenticate')).toBeEnabled());
    await user.click(screen.getByTestId('card-authenticate'));
    const pin = screen.getByLabelText('Code PIN de la carte');
    expect(pin).toHaveFocus();
    expect(pin).toHaveAttribute('type', 'password');
    await user.type(pin, '1234{Enter}');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(null, false));
    expect(api.signInWithCard).toHaveBeenCalledWith('1234');
  });

  it('a wrong PIN says the tries left, clears the field and puts the focus back in it', async () => {
    api.signInWithCard.mockRejectedValue({
      code: 'pin_wrong',
      message: 'wrong PIN',
      details: [{ key: 'error-pin_wrong', args: { tries: 2 } }],
    });
    const { user, onSignedIn } = setup('signin', [CARD_ACCOUNT]);
    await waitFor(() => expect(screen.getByTestId('card-authenticate')).toBeEnabled());
    await user.click(screen.getByTestId('card-authenticate'));
    await user.type(screen.getByTestId('card-pin'), '9999');
    await user.click(screen.getByTestId('card-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Code PIN incorrect : 2 essais restants.');
    expect(screen.getByTestId('card-pin')).toHaveValue('');
    await waitFor(() => expect(screen.getByTestId('card-pin')).toHaveFocus());
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('a blocked card says so clearly and asks no more PIN', async () => {
    api.signInWithCard.mockRejectedValue({ code: 'card_blocked', message: 'blocked' });
    const { user } = setup('signin', [CARD_ACCOUNT]);
    await waitFor(() => expect(screen.getByTestId('card-authenticate')).toBeEnabled());
    api.cardStatus.mockResolvedValue(status('blocked'));
    await user.click(screen.getByTestId('card-authenticate'));
    await user.type(screen.getByTestId('card-pin'), '9999{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Carte bloquée : le code PIN a été mal saisi trop de fois.');
    expect(screen.queryByTestId('card-pin')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('card-status')).toHaveTextContent('Cette carte est bloquée'));
  });

  it('adds a card account from the address and the PIN, bound to the card’s holder', async () => {
    const added = account('claire.martin@medimail.test', 'card', HOLDER.national_id);
    api.addAccount.mockResolvedValue(added);
    const { user, onSignedIn } = setup('welcome');
    await user.click(screen.getByRole('radio', { name: 'Carte CPS / CPE' }));
    expect(screen.getByTestId('card-panel')).toHaveTextContent('le compte sera lié au titulaire de la carte');
    await user.click(screen.getByTestId('card-authenticate'));
    await user.type(screen.getByTestId('card-pin'), '1234{Enter}');
    // The address first.
    expect(screen.getByText('Ce champ est obligatoire.')).toBeInTheDocument();
    expect(screen.getByTestId('card-email')).toHaveFocus();
    expect(api.addAccount).not.toHaveBeenCalled();
    await user.type(screen.getByTestId('card-email'), added.email);
    await user.click(screen.getByTestId('card-submit'));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(added, true));
    expect(api.addAccount).toHaveBeenCalledWith(
      expect.objectContaining({ email: added.email, auth: 'card', pin: '1234', password: '', imap: '', smtp: '' }),
    );
  });
});

describe('e-CPS', () => {
  it('shows the code to select in the e-CPS app, then signs in once approved', async () => {
    api.pscCibaStart.mockResolvedValue({ binding_message: 'K7P2' });
    let approve!: () => void;
    api.pscCibaWait.mockReturnValue(new Promise<void>((resolve) => (approve = resolve)));
    const { user, onSignedIn } = setup('signin', [account('c.martin@medimail.test', 'psc', HOLDER.national_id)]);
    expect(screen.getByTestId('ecps-panel')).toHaveTextContent('Un code va s’afficher à l’écran');
    await user.click(screen.getByRole('button', { name: 'Se connecter avec e-CPS' }));
    expect(screen.getByText('Ce champ est obligatoire.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Identifiant e-CPS'), '810000000001');
    await user.click(screen.getByRole('button', { name: 'Se connecter avec e-CPS' }));
    expect(await screen.findByTestId('ecps-code')).toHaveTextContent('K7P2');
    expect(screen.getByTestId('ecps-waiting')).toHaveTextContent('Sur l’application mobile e-CPS, sélectionnez ce code');
    expect(screen.getByTestId('ecps-cancel')).toHaveFocus();
    expect(api.pscCibaStart).toHaveBeenCalledWith('810000000001');
    approve();
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(null, false));
  });

  it('"Annuler" stops waiting and comes back to the identifier', async () => {
    api.pscCibaStart.mockResolvedValue({ binding_message: 'K7P2' });
    let approve!: () => void;
    api.pscCibaWait.mockReturnValue(new Promise<void>((resolve) => (approve = resolve)));
    const { user, onSignedIn } = setup('signin', [account('c.martin@medimail.test', 'psc')]);
    await user.type(screen.getByLabelText('Identifiant e-CPS'), '810000000001{Enter}');
    api.pscCibaCancel.mockResolvedValue(undefined);
    await user.click(await screen.findByTestId('ecps-cancel'));
    expect(screen.getByText('Connexion e-CPS annulée.')).toBeInTheDocument();
    expect(api.pscCibaCancel).toHaveBeenCalled();
    await waitFor(() => expect(screen.getByLabelText('Identifiant e-CPS')).toHaveFocus());
    approve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('says why when the phone refused', async () => {
    api.pscCibaStart.mockResolvedValue({ binding_message: 'K7P2' });
    api.pscCibaWait.mockRejectedValue({ code: 'auth_failed', message: 'denied' });
    const { user, onSignedIn } = setup('signin', [account('c.martin@medimail.test', 'psc')]);
    await user.type(screen.getByLabelText('Identifiant e-CPS'), '810000000001{Enter}');
    expect(await screen.findByTestId('ecps-error')).toBeInTheDocument();
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('adds an account through the browser sign-in with its address', async () => {
    const added = account('c.martin@medimail.test', 'psc', HOLDER.national_id);
    api.pscSignInBrowser.mockResolvedValue(added);
    const { user, onSignedIn } = setup('add');
    await user.click(screen.getByRole('radio', { name: 'e-CPS' }));
    await user.type(screen.getByTestId('ecps-email'), added.email);
    await user.click(screen.getByTestId('ecps-browser'));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(added, true));
    expect(api.pscSignInBrowser).toHaveBeenCalledWith(added.email);
  });
});

describe('Adresse et mot de passe', () => {
  it('adds an account from the address and password alone: blank servers are looked up when it is added', async () => {
    api.autoconfig.mockRejectedValue({ code: 'network', message: 'no DNS here' });
    api.addAccount.mockResolvedValue(PASSWORD_ACCOUNT);
    const { user, onSignedIn } = setup('welcome');
    await user.type(screen.getByTestId('setup-email'), PASSWORD_ACCOUNT.email);
    await user.type(screen.getByTestId('setup-password'), 'secret');
    await user.click(screen.getByTestId('setup-submit'));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(PASSWORD_ACCOUNT, true));
    expect(api.addAccount).toHaveBeenCalledWith(
      expect.objectContaining({ email: PASSWORD_ACCOUNT.email, auth: 'password', password: 'secret', pin: '', imap: '', smtp: '' }),
    );
  });

  it('signs in again with the password of the chosen account', async () => {
    api.signInWithPassword.mockResolvedValue();
    const other = account('dr.b@medimail.test', 'password');
    const { user, onSignedIn } = setup('signin', [PASSWORD_ACCOUNT, other]);
    await user.selectOptions(screen.getByLabelText('Compte'), other.email);
    await user.type(screen.getByLabelText('Mot de passe'), 'secret{Enter}');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(other, false));
    expect(api.signInWithPassword).toHaveBeenCalledWith(other.email, 'secret');
  });

  it('a wrong password is said in French, the field cleared and focused', async () => {
    api.signInWithPassword.mockRejectedValue({ code: 'auth_failed', message: 'no' });
    const { user, onSignedIn } = setup('signin', [PASSWORD_ACCOUNT]);
    await user.type(screen.getByLabelText('Mot de passe'), 'faux{Enter}');
    expect(await screen.findByTestId('signin-error')).toBeInTheDocument();
    expect(screen.getByLabelText('Mot de passe')).toHaveValue('');
    expect(screen.getByLabelText('Mot de passe')).toHaveFocus();
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});
