// "Annuaire" chosen in the sidebar while a message is being written: the message stays open
// (nothing lost, not even the window's state), the Annuaire opens over it, and "Valider"
// adds the chosen addresses to that message (the backend mocked over IPC, as App.test).
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import App from './App.svelte';
import type { AccountInfo, Composition, Folder } from './lib/backend';
import { entry } from './lib/directory/testing';

// TipTap needs a real browser: the compose body is a textarea with the same props.
vi.mock('./components/compose/RichEditor.svelte', async () => ({
  default: (await import('./components/settings/testing/RichEditorStub.svelte')).default,
}));

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

const FOLDERS: Folder[] = [{ id: 1, account: ACCOUNT.email, name: 'INBOX', role: 'inbox', on_server: true, total: 0, unread: 0, archived: 0 }];

const MARTIN = entry();

function composition(): Composition {
  return {
    mode: 'pro',
    from: { address: ACCOUNT.email, name: ACCOUNT.display_name },
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

function backend() {
  const calls: Array<[string, Record<string, unknown>]> = [];
  mockIPC(
    (cmd, args) => {
      const payload = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, payload]);
      switch (cmd) {
        case 'accounts':
          return [ACCOUNT];
        case 'folders':
          return FOLDERS;
        case 'list_messages':
        case 'outbox':
        case 'signatures':
        case 'check_composition':
        case 'recipient_suggestions':
        case 'directory_favorites':
        case 'favorite_addresses':
          return [];
        case 'signed_out':
          return false;
        case 'app_info':
          return { version: '0.3.1', profile_dir: '/tmp/p' };
        case 'new_composition':
          return {
            info: {
              id: null,
              message: null,
              account: ACCOUNT.email,
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
        case 'save_draft':
          return { id: 7, message: null, account: ACCOUNT.email, mode: 'pro', subject: '', recipients: [], attachment_count: 0, signature_id: null, updated_at: 0, server_pending: false };
        case 'directory_info':
          return { extraction_date: '2025-12-06T02:15', entries: 1, imported_at: 0 };
        case 'directory_search':
          return [MARTIN];
        case 'search_directory_with_operator':
          return { entries: [], operator: 'not_configured' };
        case 'directory_api_key_saved':
          return false;
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  mockWindows('main');
  return calls;
}

describe('App: the Annuaire while writing', () => {
  it('opens the Annuaire over the message being written, which stays open and receives the addresses chosen', async () => {
    const user = userEvent.setup();
    backend();
    render(App);
    await user.click(await screen.findByTestId('new-message-pro'));
    const subject = await screen.findByTestId('compose-subject');
    await user.type(subject, 'Avis cardiologique');

    await user.click(screen.getByTestId('folder-directory'));

    // The message is still there, as typed; the Annuaire is a dialog over it.
    const dialog = await screen.findByTestId('directory-dialog');
    expect(screen.getByTestId('compose')).toBeInTheDocument();
    expect(screen.getByTestId('compose-subject')).toHaveValue('Avis cardiologique');
    expect(within(dialog).getByTestId('directory-view')).toBeInTheDocument();

    await user.type(within(dialog).getByTestId('directory-who'), 'mar');
    const row = await within(dialog).findByTestId('directory-row');
    await user.click(within(row).getByTestId('directory-row-add-to'));
    await user.click(within(dialog).getByTestId('directory-validate'));

    await waitFor(() => expect(screen.queryByTestId('directory-dialog')).not.toBeInTheDocument());
    expect(screen.getByTestId('compose-subject')).toHaveValue('Avis cardiologique');
    const to = screen.getAllByTestId('recipient-chip').map((chip) => chip.textContent ?? '');
    expect(to.some((text) => text.includes('Jean MARTIN') || text.includes(MARTIN.address))).toBe(true);
    // The sidebar did not leave the message: "Annuaire" is not the page shown.
    expect(screen.getByTestId('folder-directory')).not.toHaveAttribute('aria-current', 'page');
  });

  it('opens the Annuaire as a page when no message is being written', async () => {
    const user = userEvent.setup();
    backend();
    render(App);
    await user.click(await screen.findByTestId('folder-directory'));
    expect(await screen.findByTestId('directory-view')).toBeInTheDocument();
    expect(screen.queryByTestId('directory-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('folder-directory')).toHaveAttribute('aria-current', 'page');
  });
});
