import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import App from './App.svelte';
import type { AccountInfo, Folder, MessageSummary } from './lib/backend';
import { setLocale } from './lib/i18n/index.svelte';

const ACCOUNT: AccountInfo = {
  email: 'jean.dupont@medimail.test',
  display_name: 'Dr Jean Dupont',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'jean.dupont@medimail.test',
  imap: '127.0.0.1:993',
  smtp: '127.0.0.1:465',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};

function folder(id: number, name: string, role: Folder['role'], extra: Partial<Folder> = {}): Folder {
  return { id, account: ACCOUNT.email, name, role, on_server: true, total: 0, unread: 0, archived: 0, ...extra };
}

const FOLDERS: Folder[] = [
  folder(1, 'INBOX', 'inbox', { total: 2, unread: 1 }),
  folder(2, 'Sent', 'sent', { total: 1 }),
  folder(3, 'Drafts', 'drafts'),
  folder(4, 'Trash', 'trash'),
  folder(5, 'Laboratoire', null, { total: 0, archived: 3 }),
];

function message(id: number, subject: string, extra: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    account: ACCOUNT.email,
    message_id: `${id}@test`,
    folder: 'INBOX',
    from: 'claire.martin@chu.test',
    from_name: 'Dr Claire Martin',
    to: [ACCOUNT.email],
    cc: [],
    subject,
    date: 1_763_000_000,
    seen: false,
    flagged: false,
    flag_color: null,
    has_attachments: false,
    on_server: true,
    size: 1200,
    open_state: null,
    ...extra,
  };
}

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

/** A backend with one account and a few folders; `extra` answers (or overrides) commands. */
function backend(extra: Handler = () => undefined, accounts: AccountInfo[] = [ACCOUNT]) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  mockIPC(
    (cmd, args) => {
      const payload = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, payload]);
      const answer = extra(cmd, payload);
      if (answer !== undefined) return answer;
      switch (cmd) {
        case 'app_info':
          return { version: '0.3.1', profile_dir: '/tmp/p' };
        case 'accounts':
          return accounts;
        case 'folders':
          return FOLDERS;
        case 'list_messages':
          return (payload.query as { folder: string | null }).folder === 'INBOX'
            ? [message(11, 'Résultats IRM genou droit'), message(12, 'Compte rendu de consultation', { seen: true })]
            : [];
        case 'search_messages':
          return [message(11, 'Résultats IRM genou droit')];
        case 'outbox':
          return [];
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** The reader's answers for a message of the mocked INBOX (tests that select one). */
function reading(cmd: string, args: Record<string, unknown>): unknown {
  if (cmd === 'message_detail') {
    const id = args.id as number;
    const summary = id === 11 ? message(11, 'Résultats IRM genou droit') : message(12, 'Compte rendu de consultation', { seen: true });
    return { summary, reply_to: [], body_text: 'Bonjour', attachments: [], problems: [], has_html: false, remote_content: false };
  }
  if (cmd === 'message_opened') return 'not_requested';
  return undefined;
}

describe('App', () => {
  it('tells the engine the page’s language, at start and at each change', async () => {
    const calls = backend();
    render(App);
    await screen.findByTestId('folder-inbox');
    await waitFor(() => expect(calls).toContainEqual(['set_language', { lang: 'fr' }]));
    setLocale('en');
    await waitFor(() => expect(calls).toContainEqual(['set_language', { lang: 'en' }]));
    setLocale('fr');
  });

  it('welcomes a newcomer with the account form when there is no account', async () => {
    backend(() => undefined, []);
    render(App);
    expect(await screen.findByTestId('sign-in')).toHaveTextContent('Bienvenue dans Medimail Desktop');
    expect(screen.getByTestId('account-setup')).toBeInTheDocument();
    expect(screen.queryByTestId('folder-inbox')).not.toBeInTheDocument();
  });

  it('adds an account from the welcome screen, checking the fields first', async () => {
    const user = userEvent.setup();
    const accounts: AccountInfo[] = [];
    const calls = backend((cmd) => {
      if (cmd === 'add_account') {
        accounts.push(ACCOUNT);
        return ACCOUNT;
      }
      if (cmd === 'accounts') return accounts;
      return undefined;
    }, accounts);
    render(App);
    await screen.findByTestId('account-setup');
    await user.click(screen.getByTestId('setup-submit'));
    expect(screen.getAllByText('Ce champ est obligatoire.').length).toBeGreaterThan(0);
    expect(calls.some(([cmd]) => cmd === 'add_account')).toBe(false);

    await user.type(screen.getByTestId('setup-email'), ACCOUNT.email);
    await user.type(screen.getByTestId('setup-password'), 'secret');
    await user.type(screen.getByTestId('setup-imap'), 'imap.medimail.test');
    await user.type(screen.getByTestId('setup-smtp'), 'smtp.medimail.test:465');
    await user.click(screen.getByTestId('setup-submit'));
    expect(screen.getByText(/Saisissez le serveur sous la forme hôte:port/)).toBeInTheDocument();
    await user.type(screen.getByTestId('setup-imap'), ':993');
    await user.click(screen.getByTestId('setup-submit'));
    await screen.findByTestId('folder-inbox');
    const add = calls.find(([cmd]) => cmd === 'add_account')!;
    expect(add[1].account).toMatchObject({
      email: ACCOUNT.email,
      imap: 'imap.medimail.test:993',
      imap_tls: 'implicit',
      kind: 'personnel',
      password: 'secret',
    });
  });

  it('fills the servers the address announces in the DNS, so the address and password are enough', async () => {
    const user = userEvent.setup();
    const accounts: AccountInfo[] = [];
    const calls = backend((cmd, args) => {
      if (cmd === 'autoconfig') {
        expect(args.address).toBe(ACCOUNT.email);
        return {
          domain: 'medimail.test',
          imap: { address: 'localhost:993', tls: 'implicit' },
          smtp: { address: 'localhost:587', tls: 'starttls' },
          directory: 'ldap://localhost:389',
          sieve: 'localhost:4190',
        };
      }
      if (cmd === 'add_account') {
        accounts.push(ACCOUNT);
        return ACCOUNT;
      }
      if (cmd === 'accounts') return accounts;
      return undefined;
    }, accounts);
    render(App);
    await screen.findByTestId('account-setup');
    await user.type(screen.getByTestId('setup-email'), ACCOUNT.email);
    await user.tab();
    await waitFor(() => expect(screen.getByTestId('setup-imap')).toHaveValue('localhost:993'));
    expect(screen.getByTestId('setup-smtp')).toHaveValue('localhost:587');
    expect(screen.getByTestId('setup-smtp-tls')).toHaveValue('starttls');
    expect(screen.getByTestId('setup-lookup')).toHaveTextContent(
      'Serveurs annoncés par « medimail.test » : vérifiez-les, puis continuez.',
    );
    await user.type(screen.getByTestId('setup-password'), 'secret');
    await user.click(screen.getByTestId('setup-submit'));
    await screen.findByTestId('folder-inbox');
    expect(calls.find(([cmd]) => cmd === 'add_account')![1].account).toMatchObject({
      imap: 'localhost:993',
      imap_tls: 'implicit',
      smtp: 'localhost:587',
      smtp_tls: 'starttls',
      directory_url: 'ldap://localhost:389',
      sieve: 'localhost:4190',
    });
  });

  it('says when the domain announces no servers, and leaves the fields to the user', async () => {
    const user = userEvent.setup();
    backend((cmd) => (cmd === 'autoconfig' ? { domain: 'exemple.fr', imap: null, smtp: null } : undefined), []);
    render(App);
    await screen.findByTestId('account-setup');
    await user.type(screen.getByTestId('setup-imap'), 'imap.exemple.fr:993');
    await user.type(screen.getByTestId('setup-email'), 'dr.martin@exemple.fr');
    await user.tab();
    await waitFor(() =>
      expect(screen.getByTestId('setup-lookup')).toHaveTextContent("« exemple.fr » n'annonce pas ses serveurs"),
    );
    expect(screen.getByTestId('setup-imap')).toHaveValue('imap.exemple.fr:993');
  });

  it('shows a refused login as a French sentence and stays on the form', async () => {
    const user = userEvent.setup();
    backend((cmd) => {
      if (cmd === 'add_account') throw { code: 'auth_failed', message: 'authentication failed' };
      return undefined;
    }, []);
    render(App);
    await screen.findByTestId('account-setup');
    await user.type(screen.getByTestId('setup-email'), ACCOUNT.email);
    await user.type(screen.getByTestId('setup-password'), 'wrong');
    await user.type(screen.getByTestId('setup-imap'), 'imap.test:993');
    await user.type(screen.getByTestId('setup-smtp'), 'smtp.test:465');
    await user.click(screen.getByTestId('setup-submit'));
    expect(await screen.findByTestId('setup-error')).toHaveTextContent('Le serveur a refusé vos identifiants');
    expect(screen.getByTestId('setup-error')).not.toHaveTextContent('auth_failed');
  });

  it('exposes the landmarks and the French labels of the Medimail layout', async () => {
    backend();
    render(App);
    await screen.findByTestId('folder-inbox');
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Dossiers' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('contentinfo')).toBe(screen.getByTestId('status-bar'));
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByTestId('search-input')).toHaveAttribute('placeholder', 'Rechercher un message…');
    expect(screen.getByTestId('refresh')).toHaveTextContent('Actualiser');
    expect(screen.getByTestId('new-message-pro')).toHaveTextContent('Nouveau message Pro');
    expect(screen.getByTestId('folder-inbox')).toHaveTextContent('Boîte de réception');
    expect(screen.getByTestId('folder-sent')).toHaveTextContent('Messages envoyés');
    expect(screen.getByTestId('folder-drafts')).toHaveTextContent('Brouillons');
    expect(screen.getByTestId('folder-trash')).toHaveTextContent('Messages supprimés');
    expect(screen.getByTestId('folder-directory')).toHaveTextContent('Annuaire');
    expect(screen.getByTestId('folder-archived')).toHaveTextContent('Messages archivés');
    expect(screen.getByTestId('new-folder-button')).toHaveTextContent('Nouveau dossier');
    expect(await screen.findByTestId('app-version')).toHaveTextContent('Version 0.3.1');
    await waitFor(() => expect(screen.getByTestId('account-menu-button')).toHaveTextContent('Dr Jean Dupont'));
    expect(screen.getByTestId('status-bar')).toHaveTextContent('Boîte d’envoi : 0');
  });

  it('lists the inbox and opens another folder from the keyboard', async () => {
    const user = userEvent.setup();
    const calls = backend();
    render(App);
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(2));
    const inbox = screen.getByTestId('folder-inbox');
    expect(inbox).toHaveAttribute('aria-current', 'page');
    expect(inbox).toHaveAttribute('tabindex', '0');
    expect(screen.getByTestId('folder-sent')).toHaveAttribute('tabindex', '-1');
    inbox.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(screen.getByTestId('folder-sent')).toHaveAttribute('aria-current', 'page');
    await waitFor(() =>
      expect(calls.some(([cmd, a]) => cmd === 'list_messages' && (a.query as { folder: string }).folder === 'Sent')).toBe(true),
    );
  });

  it('opens the message of a clicked notification, from another folder', async () => {
    backend(reading);
    render(App);
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(2));
    await userEvent.setup().click(screen.getByTestId('folder-sent'));
    expect(screen.getByTestId('folder-sent')).toHaveAttribute('aria-current', 'page');
    await emit('open-message', { account: ACCOUNT.email, message: 12 });
    await waitFor(() => expect(screen.getByTestId('folder-inbox')).toHaveAttribute('aria-current', 'page'));
    await waitFor(() => {
      const selected = screen.getAllByTestId('message-row').filter((row) => row.getAttribute('aria-selected') === 'true');
      expect(selected).toHaveLength(1);
      expect(selected[0]).toHaveTextContent('Compte rendu de consultation');
    });
  });

  it('opens at start the message a notification asked for while the window was closed', async () => {
    backend((cmd, args) => (cmd === 'take_pending_open' ? { account: ACCOUNT.email, message: 11 } : reading(cmd, args)));
    render(App);
    await waitFor(() => {
      const selected = screen.getAllByTestId('message-row').filter((row) => row.getAttribute('aria-selected') === 'true');
      expect(selected).toHaveLength(1);
      expect(selected[0]).toHaveTextContent('Résultats IRM genou droit');
    });
  });

  it('searches as the user types', async () => {
    const user = userEvent.setup();
    const calls = backend();
    render(App);
    await screen.findAllByTestId('message-row');
    await user.type(screen.getByTestId('search-input'), 'genou');
    await waitFor(() => expect(calls.some(([cmd, a]) => cmd === 'search_messages' && a.text === 'genou*')).toBe(true));
    await waitFor(() => expect(screen.getAllByTestId('message-row')).toHaveLength(1));
  });

  it('creates a folder and reports it', async () => {
    const user = userEvent.setup();
    const calls = backend((cmd, args) => (cmd === 'create_folder' ? folder(9, args.name as string, null) : undefined));
    render(App);
    await screen.findByTestId('folder-inbox');
    await user.click(screen.getByTestId('new-folder-button'));
    await user.type(screen.getByTestId('new-folder-input'), 'Courriers{Enter}');
    await waitFor(() => expect(calls.some(([cmd, a]) => cmd === 'create_folder' && a.name === 'Courriers')).toBe(true));
    expect(await screen.findByTestId('announcer')).toHaveTextContent('Dossier « Courriers » créé');
  });

  it('asks before deleting a folder and says its messages go back to the inbox', async () => {
    const user = userEvent.setup();
    const calls = backend((cmd) => (cmd === 'delete_folder' ? 4 : undefined));
    render(App);
    const lab = (await screen.findByText('Laboratoire')).closest('button')!;
    lab.focus();
    await user.keyboard('{Delete}');
    const dialog = screen.getByTestId('folder-delete-dialog');
    expect(dialog).toHaveTextContent('Le message de ce dossier sera replacé dans la boîte de réception');
    await user.click(within(dialog).getByTestId('folder-delete-confirm'));
    await waitFor(() => expect(calls.some(([cmd, a]) => cmd === 'delete_folder' && a.name === 'Laboratoire')).toBe(true));
    expect(await screen.findByTestId('announcer')).toHaveTextContent('4 messages replacés');
  });

  it('shows the archive view across folders', async () => {
    const user = userEvent.setup();
    const calls = backend();
    render(App);
    await screen.findByTestId('folder-inbox');
    await user.click(screen.getByTestId('folder-archived'));
    await waitFor(() =>
      expect(
        calls.some(
          ([cmd, a]) =>
            cmd === 'list_messages' &&
            (a.query as { presence: string; folder: string | null }).presence === 'archived' &&
            (a.query as { folder: string | null }).folder === null,
        ),
      ).toBe(true),
    );
  });

  it('opens the keyboard shortcuts with ? and closes them with Escape', async () => {
    const user = userEvent.setup();
    backend();
    render(App);
    await screen.findByTestId('folder-inbox');
    await user.keyboard('?');
    const dialog = screen.getByTestId('shortcuts-dialog');
    expect(dialog).toHaveTextContent('Nouveau message');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('shortcuts-dialog')).not.toBeInTheDocument();
  });

  it('refuses a patient message from an account that may not write to patients', async () => {
    const user = userEvent.setup();
    backend(() => undefined, [{ ...ACCOUNT, kind: 'medimail', may_write_to_patients: false }]);
    render(App);
    await screen.findByTestId('folder-inbox');
    await user.click(screen.getByTestId('tab-patient'));
    await user.click(screen.getByTestId('new-message-patient'));
    expect(await screen.findByTestId('announcer')).toHaveTextContent('ne peut pas écrire aux patients');
    expect(screen.queryByTestId('compose')).not.toBeInTheDocument();
  });

  it('switches the whole UI to English from the account menu', async () => {
    const user = userEvent.setup();
    backend();
    render(App);
    await screen.findByTestId('folder-inbox');
    const button = screen.getByTestId('account-menu-button');
    button.focus();
    await user.keyboard('{Enter}');
    await user.click(screen.getByTestId('account-menu-lang-en'));
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('medimail.locale')).toBe('en');
    expect(screen.getByTestId('folder-inbox')).toHaveTextContent('Inbox');
    expect(screen.getByTestId('new-message-pro')).toHaveTextContent('New Pro message');
    expect(screen.getByTestId('refresh')).toHaveTextContent('Refresh');
    expect(screen.getByRole('navigation', { name: 'Folders' })).toBeInTheDocument();
  });

  it('shows "En ligne" at start when the first pass ended before the page listened', async () => {
    // Defect: the background pass finished before the page subscribed to its events, and the
    // status bar said "Hors ligne" until the next pass.
    backend((cmd) => (cmd === 'connection_state' ? 'online' : undefined));
    render(App);
    await screen.findByTestId('folder-inbox');
    await waitFor(() => expect(screen.getByTestId('connection-status')).toHaveTextContent('En ligne'));
  });

  it('stays "Hors ligne" at start when the engine has not reached the server', async () => {
    const calls = backend((cmd) => (cmd === 'connection_state' ? 'offline' : undefined));
    render(App);
    await screen.findByTestId('folder-inbox');
    await waitFor(() => expect(calls.some(([cmd]) => cmd === 'connection_state')).toBe(true));
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Hors ligne');
  });

  it('says in French why the messages cannot be opened when the keyring is unavailable, and retries', async () => {
    const user = userEvent.setup();
    let storeOpen = false;
    let reopenTries = 0;
    const keyring = { code: 'keyring', message: 'system keyring: no Secret Service' };
    backend((cmd) => {
      if (cmd === 'reopen_store') {
        reopenTries += 1;
        // Still locked at the first try; unlocked at the second.
        if (reopenTries === 1) throw keyring;
        storeOpen = true;
        return null;
      }
      if (!storeOpen && ['accounts', 'folders', 'outbox', 'connection_state'].includes(cmd)) throw keyring;
      return undefined;
    });
    render(App);
    const panel = await screen.findByTestId('store-unavailable');
    expect(panel).toHaveTextContent('Vos messages ne peuvent pas être ouverts');
    expect(screen.getByTestId('store-unavailable-reason')).toHaveTextContent('trousseau');
    expect(panel).toHaveTextContent('Rien n’est perdu');
    expect(screen.queryByText('Chargement des messages…')).not.toBeInTheDocument();
    expect(screen.queryByTestId('folder-inbox')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('store-retry'));
    await waitFor(() => expect(reopenTries).toBe(1));
    expect(screen.getByTestId('store-unavailable')).toBeInTheDocument();

    await user.click(screen.getByTestId('store-retry'));
    expect(await screen.findByTestId('folder-inbox')).toBeInTheDocument();
    expect(screen.queryByTestId('store-unavailable')).not.toBeInTheDocument();
  });

  it('asks for the latest version when the store comes from a newer one', async () => {
    backend((cmd) => {
      if (cmd === 'accounts') throw { code: 'store_too_new', message: 'newer schema' };
      return undefined;
    });
    render(App);
    expect(await screen.findByTestId('store-unavailable-reason')).toHaveTextContent('Installez la dernière version');
  });

  it('lays out the list and the reading pane as saved, and remembers each change', async () => {
    const user = userEvent.setup();
    const calls = backend((cmd, args) => {
      if (cmd === 'window_layout') return { reading_pane: 'below', list_share: 0.6 };
      if (cmd === 'set_window_layout') return args.layout;
      return undefined;
    });
    render(App);
    await screen.findByTestId('folder-inbox');
    const splitter = screen.getByRole('separator', { name: 'Séparation entre la liste et le message' });
    await waitFor(() => expect(splitter).toHaveAttribute('aria-valuenow', '60'));
    expect(splitter).toHaveAttribute('aria-orientation', 'horizontal');

    // From the keyboard: each arrow moves the bar by 5 %, and the place is remembered.
    splitter.focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(splitter).toHaveAttribute('aria-valuenow', '65'));
    const saved = calls.filter(([cmd]) => cmd === 'set_window_layout').map(([, args]) => args.layout);
    expect(saved).toEqual([{ reading_pane: 'below', list_share: 0.65 }]);
    await user.keyboard('{End}');
    await waitFor(() => expect(splitter).toHaveAttribute('aria-valuenow', '85'));

    // The reading pane beside the list, from the account menu.
    await user.click(screen.getByTestId('account-menu-button'));
    await user.click(screen.getByTestId('account-menu-pane-beside'));
    await waitFor(() => expect(screen.getByRole('main')).toHaveAttribute('data-reading-pane', 'beside'));
    expect(screen.getByTestId('splitter')).toHaveAttribute('aria-orientation', 'vertical');
    expect(calls.filter(([cmd]) => cmd === 'set_window_layout').at(-1)?.[1].layout).toEqual({ reading_pane: 'beside', list_share: 0.85 });
  });

  it('reports a failed refresh in French', async () => {
    const user = userEvent.setup();
    backend((cmd) => {
      if (cmd === 'sync_now') throw { code: 'network', message: 'connection refused' };
      return undefined;
    });
    render(App);
    await screen.findByTestId('folder-inbox');
    await user.click(screen.getByTestId('refresh'));
    expect(await screen.findByTestId('announcer')).toHaveTextContent('Impossible de joindre le serveur');
  });

  it('says in French which changes the server refused, from a refresh or a background pass', async () => {
    const user = userEvent.setup();
    const refused = {
      key: 'sync-refused-move',
      args: { count: 2, folder: 'INBOX', folder_role: 'inbox', target: 'Provisoire' },
    };
    backend((cmd) =>
      cmd === 'sync_now'
        ? [{ account: ACCOUNT.email, folders: 5, fetched: 0, updated: 0, archived: 0, applied: 0, total: 2, waited: false, refused: [refused] }]
        : undefined,
    );
    render(App);
    await screen.findByTestId('folder-inbox');
    await user.click(screen.getByTestId('refresh'));
    expect(await screen.findByTestId('announcer')).toHaveTextContent(
      'Le serveur a refusé de déplacer 2 messages vers « Provisoire » : ils sont de nouveau dans la boîte de réception.',
    );
    await emit('sync-refused', [{ key: 'sync-refused-create', args: { count: 1, folder: 'Courriers MDPH', folder_role: 'none', target: '' } }]);
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent('Le serveur a refusé de créer le dossier « Courriers MDPH ».'),
    );
  });

  it("follows the engine's connection state as it changes", async () => {
    backend((cmd) => (cmd === 'connection_state' ? 'offline' : undefined));
    render(App);
    await screen.findByTestId('folder-inbox');
    const status = screen.getByTestId('connection-status');
    await waitFor(() => expect(status).toHaveTextContent('Hors ligne'));
    await emit('connection-changed', 'connecting');
    await waitFor(() => expect(status).toHaveTextContent('Connexion'));
    await emit('connection-changed', 'online');
    await waitFor(() => expect(status).toHaveTextContent('En ligne'));
    await emit('connection-changed', 'offline');
    await waitFor(() => expect(status).toHaveTextContent('Hors ligne'));
  });

  it('renders without a version outside Tauri', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(App);
    await Promise.resolve();
    expect(screen.queryByTestId('app-version')).not.toBeInTheDocument();
  });
});

describe('App accounts', () => {
  it('switches between accounts from the account menu', async () => {
    const user = userEvent.setup();
    const other: AccountInfo = { ...ACCOUNT, email: 'secretariat@cabinet.test', display_name: 'Secrétariat' };
    const calls = backend(() => undefined, [ACCOUNT, other]);
    render(App);
    await screen.findByTestId('folder-inbox');
    await user.click(screen.getByTestId('account-menu-button'));
    await user.click(screen.getByTestId('account-menu-switch'));
    const dialog = screen.getByTestId('account-switch-dialog');
    await user.click(within(dialog).getByText('Secrétariat'));
    await waitFor(() => expect(screen.getByTestId('account-menu-button')).toHaveTextContent('Secrétariat'));
    expect(calls.some(([cmd, a]) => cmd === 'folders' && a.account === 'secretariat@cabinet.test')).toBe(true);
  });
});
