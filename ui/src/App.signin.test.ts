// The window around signing in and out: "Se déconnecter", the sign-in screen at start-up,
// and the lock when the CPS card is pulled out (the backend mocked over IPC, as App.test).
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import App from './App.svelte';
import type { AccountInfo, CardStatus, Composition, Folder, MessageSummary } from './lib/backend';

// TipTap needs a real browser: the compose body is a textarea with the same props.
vi.mock('./components/compose/RichEditor.svelte', async () => ({
  default: (await import('./components/settings/testing/RichEditorStub.svelte')).default,
}));

const HOLDER = { surname: 'MARTIN', given_name: 'Claire', profession: 'Médecin', national_id: '810000000001', rpps: '10000000001' };

function account(email: string, auth: AccountInfo['auth']): AccountInfo {
  return {
    email,
    display_name: 'Dr Claire Martin',
    kind: 'personnel',
    may_write_to_patients: true,
    login: email,
    imap: '127.0.0.1:993',
    smtp: '127.0.0.1:465',
    auth,
    practitioner_id: auth === 'card' ? HOLDER.national_id : null,
    password_reset_url: null,
  };
}

const PASSWORD = account('claire.martin@medimail.test', 'password');
const PSC = { ...account('claire.martin@medimail.test', 'psc'), practitioner_id: HOLDER.national_id };
const CARD = account('claire.martin@medimail.test', 'card');

const FOLDERS: Folder[] = [
  { id: 1, account: PASSWORD.email, name: 'INBOX', role: 'inbox', on_server: true, total: 1, unread: 1, archived: 0 },
];

const MESSAGE: MessageSummary = {
  id: 11,
  account: PASSWORD.email,
  message_id: '11@test',
  folder: 'INBOX',
  from: 'labo@chu.test',
  from_name: 'Laboratoire',
  to: [PASSWORD.email],
  cc: [],
  subject: 'Résultats IRM genou droit',
  date: 1_763_000_000,
  seen: false,
  flagged: false,
  flag_color: null,
  has_attachments: false,
  on_server: true,
  size: 1200,
  open_state: null,
};

const READY: CardStatus = {
  state: 'ready',
  readers: [{ name: 'Lecteur 0', card_present: true }],
  card: { reader: 'Lecteur 0', is_cps: true, holder: HOLDER, not_after: null, tries_left: 3, blocked: false },
};

function composition(): Composition {
  return {
    mode: 'pro',
    from: { address: PASSWORD.email, name: PASSWORD.display_name },
    to: [],
    cc: [],
    patient_ins: null,
    subject: '',
    body_text: '',
    body_html: null,
    attachments: [],
    in_reply_to: null,
    references: [],
  } as unknown as Composition;
}

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

function backend(accounts: AccountInfo[], extra: Handler = () => undefined) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  mockIPC(
    (cmd, args) => {
      const payload = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, payload]);
      const answer = extra(cmd, payload);
      if (answer !== undefined) return answer;
      switch (cmd) {
        case 'accounts':
          return accounts;
        case 'folders':
          return FOLDERS;
        case 'list_messages':
          return [MESSAGE];
        case 'outbox':
          return [];
        case 'signed_out':
          return false;
        case 'card_phase':
          return 'unlocked';
        case 'card_status':
          return READY;
        case 'app_info':
          return { version: '0.3.1', profile_dir: '/tmp/p' };
        case 'new_composition':
          return {
            info: {
              id: null,
              message: null,
              account: PASSWORD.email,
              mode: 'pro',
              subject: '',
              recipients: [],
              attachment_count: 0,
              signature_id: null,
              updated_at: null,
              server_pending: false,
            },
            composition: composition(),
            signature_id: null,
          };
        case 'signatures':
        case 'check_composition':
          return [];
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  // The compose form saves before the window closes: it asks for the current window.
  mockWindows('main');
  return calls;
}

describe('Se déconnecter, se reconnecter', () => {
  it('signing out hides every message behind the sign-in screen; the password brings the mail back', async () => {
    const user = userEvent.setup();
    let out = false;
    const calls = backend([PASSWORD], (cmd, args) => {
      if (cmd === 'sign_out') {
        out = true;
        return null;
      }
      if (cmd === 'signed_out') return out;
      if (cmd === 'sign_in_with_password') {
        if (args.password !== 'secret') throw { code: 'auth_failed', message: 'no' };
        out = false;
        return null;
      }
      return undefined;
    });
    render(App);
    await screen.findByText('Résultats IRM genou droit');
    await user.click(screen.getByTestId('account-menu-button'));
    await user.click(screen.getByRole('menuitem', { name: 'Se déconnecter' }));

    expect(await screen.findByTestId('sign-in')).toHaveTextContent('Vous êtes déconnecté');
    expect(calls.some(([cmd]) => cmd === 'sign_out')).toBe(true);
    // No mail behind it: the list, the folders and the reading pane are gone from the page.
    expect(screen.queryByText('Résultats IRM genou droit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('folder-inbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveFocus();
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent('Vous êtes déconnecté'));
    // The app's shortcuts do nothing behind the sign-in screen.
    await user.keyboard('{Control>}n{/Control}');
    expect(screen.queryByTestId('compose')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Mot de passe'), 'faux{Enter}');
    expect(await screen.findByTestId('signin-error')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Mot de passe'), 'secret{Enter}');
    expect(await screen.findByText('Résultats IRM genou droit')).toBeInTheDocument();
    expect(calls).toContainEqual(['sign_in_with_password', { email: PASSWORD.email, password: 'secret' }]);
    expect(screen.queryByTestId('sign-in')).not.toBeInTheDocument();
  });

  it('starts on the sign-in screen when the user signed out last time', async () => {
    backend([PASSWORD], (cmd) => (cmd === 'signed_out' ? true : undefined));
    render(App);
    expect(await screen.findByTestId('sign-in')).toHaveTextContent('Vous êtes déconnecté');
    expect(screen.queryByTestId('folder-inbox')).not.toBeInTheDocument();
  });

  it('starts on the card sign-in when every account needs the card and no PIN was typed yet', async () => {
    const user = userEvent.setup();
    let phase = 'signed_out';
    const calls = backend([CARD], (cmd) => {
      if (cmd === 'card_phase') return phase;
      if (cmd === 'sign_in_with_card') {
        phase = 'unlocked';
        return HOLDER;
      }
      return undefined;
    });
    render(App);
    expect(await screen.findByTestId('card-panel')).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('card-status')).toHaveTextContent('Carte de Dr Claire MARTIN'));
    await user.click(screen.getByTestId('card-authenticate'));
    await user.type(screen.getByTestId('card-pin'), '1234{Enter}');
    expect(await screen.findByText('Résultats IRM genou droit')).toBeInTheDocument();
    expect(calls).toContainEqual(['sign_in_with_card', { pin: '1234' }]);
  });
});

describe('Session Pro Santé Connect terminée', () => {
  it('shows the sign-in screen and no mail when PSC no longer refreshes the only session', async () => {
    backend([PSC]);
    render(App);
    expect(await screen.findByText('Résultats IRM genou droit')).toBeInTheDocument();
    await emit('sync-error', { code: 'psc_session_ended', message: 'the Pro Santé Connect session has ended' });
    expect(await screen.findByTestId('sign-in')).toBeInTheDocument();
    expect(screen.queryByText('Résultats IRM genou droit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('folder-inbox')).not.toBeInTheDocument();
  });

  it('keeps the mail of the other accounts on screen', async () => {
    backend([PSC, { ...PASSWORD, email: 'secretariat@medimail.test' }]);
    render(App);
    expect(await screen.findByText('Résultats IRM genou droit')).toBeInTheDocument();
    await emit('sync-error', { code: 'psc_session_ended', message: 'ended' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('sign-in')).not.toBeInTheDocument();
  });
});

describe('Carte retirée', () => {
  it('locks the window under a dialog, keeps what is being written, and unlocks with the PIN', async () => {
    const user = userEvent.setup();
    const calls = backend([CARD], (cmd) => {
      if (cmd === 'sign_in_with_card') return HOLDER;
      return undefined;
    });
    render(App);
    await screen.findByText('Résultats IRM genou droit');
    await user.click(screen.getByTestId('new-message-pro'));
    const subject = await screen.findByTestId('compose-subject');
    await user.type(subject, 'Compte rendu à relire');
    expect(subject).toHaveFocus();

    await emit('card-phase', 'locked');
    const dialog = await screen.findByRole('alertdialog', { name: 'Carte CPS retirée' });
    expect(dialog).toHaveTextContent('Réinsérez votre carte et saisissez votre code PIN');
    // The mail is under the dialog, unseen and out of reach, but not closed.
    const app = screen.getByTestId('app');
    expect(app.inert).toBe(true);
    expect(app).toHaveAttribute('aria-hidden', 'true');
    expect(app).toHaveClass('locked');
    expect(screen.getByTestId('compose-subject')).toHaveValue('Compte rendu à relire');
    // Escape does not close it, and the app's shortcuts stay off.
    await user.keyboard('{Escape}');
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();

    // The card is back: the PIN field shows at once.
    const pin = await screen.findByTestId('card-pin');
    await waitFor(() => expect(pin).toHaveFocus());
    await user.type(pin, '1234{Enter}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(calls).toContainEqual(['sign_in_with_card', { pin: '1234' }]);
    expect(app.inert).toBe(false);
    expect(app).not.toHaveAttribute('aria-hidden');
    expect(screen.getByTestId('compose-subject')).toHaveValue('Compte rendu à relire');
    await waitFor(() => expect(screen.getByTestId('compose-subject')).toHaveFocus());
    await waitFor(() => expect(screen.getByTestId('announcer')).toHaveTextContent('Messagerie déverrouillée.'));
  });

  it('a wrong PIN under the lock says the tries left and keeps the lock', async () => {
    const user = userEvent.setup();
    backend([CARD], (cmd) => {
      if (cmd === 'sign_in_with_card') throw { code: 'pin_wrong', message: 'x', details: [{ key: 'error-pin_wrong', args: { tries: 1 } }] };
      return undefined;
    });
    render(App);
    await screen.findByText('Résultats IRM genou droit');
    await emit('card-phase', 'locked');
    await user.type(await screen.findByTestId('card-pin'), '0000{Enter}');
    expect(await screen.findByTestId('card-error')).toHaveTextContent('Code PIN incorrect : 1 essai restant.');
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
    expect(screen.getByTestId('card-pin')).toHaveValue('');
  });

  it('closes the lock when the card sign-in comes back by itself', async () => {
    backend([CARD]);
    render(App);
    await screen.findByText('Résultats IRM genou droit');
    await emit('card-phase', 'locked');
    await screen.findByRole('alertdialog');
    await emit('card-phase', 'unlocked');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });
});

describe('Accès révoqué depuis un autre appareil', () => {
  it('opens "Appareils" on the account, with the way to sign in again', async () => {
    let revoked = false;
    backend([PASSWORD], (cmd) => {
      if (cmd === 'accounts') return [{ ...PASSWORD, revoked }];
      return undefined;
    });
    render(App);
    expect(await screen.findByText('Résultats IRM genou droit')).toBeInTheDocument();
    revoked = true;
    await emit('sync-error', { code: 'device_revoked', message: 'revoked' });
    expect(await screen.findByTestId('settings-devices-revoked')).toHaveTextContent('révoqué depuis un autre appareil');
    expect(screen.getByTestId('devices-reconnect-password')).toBeInTheDocument();
    expect(screen.queryByTestId('sign-in')).not.toBeInTheDocument();
  });

  it('leaves the screen alone when the account shown is not the revoked one', async () => {
    backend([PASSWORD]);
    render(App);
    expect(await screen.findByText('Résultats IRM genou droit')).toBeInTheDocument();
    await emit('sync-error', { code: 'device_revoked', message: 'revoked' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('settings-devices-revoked')).not.toBeInTheDocument();
    expect(screen.getByText('Résultats IRM genou droit')).toBeInTheDocument();
  });
});
