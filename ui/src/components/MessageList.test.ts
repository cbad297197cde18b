import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import * as backend from '../lib/backend';
import type { ListQuery } from '../lib/bindings/ListQuery';
import type { MessageSummary } from '../lib/bindings/MessageSummary';
import { DRAG_TYPE } from '../lib/folders';
import { setLocale } from '../lib/i18n/index.svelte';
import { folder, summary } from '../lib/list/testing';
import Harness from './list/MessageListHarness.test.svelte';

vi.mock('../lib/backend', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/backend')>();
  return {
    ...actual,
    listMessages: vi.fn(),
    searchMessages: vi.fn(),
    deleteMessages: vi.fn(),
    restoreMessages: vi.fn(),
    purgeMessages: vi.fn(),
    moveMessages: vi.fn(),
    markRead: vi.fn(),
    setFlag: vi.fn(),
    downloadMessages: vi.fn(),
    printMessage: vi.fn(),
  };
});

const api = vi.mocked(backend);

const INBOX = folder({ id: 1, name: 'INBOX', role: 'inbox', total: 3, unread: 1 });
const SENT = folder({ id: 2, name: 'Sent', role: 'sent', total: 2 });
const TRASH = folder({ id: 3, name: 'Trash', role: 'trash', total: 2 });
const DRAFTS = folder({ id: 4, name: 'Drafts', role: 'drafts' });
const CARDIO = folder({ id: 5, name: 'Cardiologie', role: null });
const OTHER = folder({ id: 6, account: 'other@x.fr', name: 'Ailleurs', role: null });
const FOLDERS = [INBOX, SENT, TRASH, DRAFTS, CARDIO, OTHER];

const MESSAGES = [
  summary({ id: 11, subject: 'Compte rendu opératoire', from_name: 'Dr Anne Martin', seen: false }),
  summary({ id: 12, subject: 'Résultats biologie', from_name: 'Laboratoire', has_attachments: true, flagged: true, flag_color: 'red' }),
  summary({ id: 13, subject: 'Ancien courrier', from_name: 'Dr Paul Roux', on_server: false }),
];

/** Serves `rows` page by page, like the engine. */
function serve(rows: MessageSummary[]) {
  api.listMessages.mockImplementation(async (q: ListQuery) => rows.slice(q.offset, q.offset + q.limit));
}

function setup(props: Record<string, unknown> = {}) {
  const user = userEvent.setup();
  const onError = vi.fn();
  const view = render(Harness, { folder: INBOX, folders: FOLDERS, onError, ...props });
  return { user, onError, ...view };
}

const rows = () => screen.queryAllByTestId('message-row');
const row = (id: number) => screen.getAllByTestId('message-row').find((r) => r.dataset.id === String(id))!;
const grid = () => screen.getByRole('grid');
const selected = () => screen.getByTestId('selected-id').textContent;

beforeEach(() => {
  vi.clearAllMocks();
  serve(MESSAGES);
  api.deleteMessages.mockImplementation(async (ids) => ids.length);
  api.restoreMessages.mockImplementation(async (ids) => ids.length);
  api.purgeMessages.mockImplementation(async (ids) => ids.length);
  api.moveMessages.mockImplementation(async (ids) => ids.length);
  api.markRead.mockImplementation(async (ids) => ids.length);
  api.setFlag.mockImplementation(async (ids) => ids.length);
  api.searchMessages.mockResolvedValue([]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('MessageList: loading and rows', () => {
  it('loads the first page of the folder, newest first, and shows each message', async () => {
    setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(api.listMessages).toHaveBeenCalledWith({
      account: 'me@x.fr',
      folder: 'INBOX',
      sort: 'date',
      descending: true,
      limit: 200,
      offset: 0,
      presence: 'all',
    });
    expect(screen.getByRole('heading', { name: 'Boîte de réception' })).toBeInTheDocument();
    expect(screen.getByTestId('list-count')).toHaveTextContent('3 messages');
    expect(screen.getByTestId('message-list')).toHaveTextContent(/1 non lu(?!s)/);
    expect(row(11)).toHaveTextContent('Dr Anne Martin');
    expect(row(11)).toHaveTextContent('Compte rendu opératoire');
    expect(row(11)).toHaveClass('unread');
    expect(within(row(11)).getByRole('img', { name: 'Non lu' })).toBeInTheDocument();
    expect(row(12)).not.toHaveClass('unread');
    expect(within(row(12)).getByRole('img', { name: 'Drapeau rouge' })).toBeInTheDocument();
    expect(within(row(12)).getByRole('img', { name: 'Pièce jointe' })).toBeInTheDocument();
    expect(within(row(13)).getByTestId('archived-badge')).toHaveTextContent('archivé');
    expect(within(row(11)).queryByTestId('archived-badge')).not.toBeInTheDocument();
    expect(within(row(11)).getByTestId('row-checkbox')).toHaveAccessibleName(
      'Sélectionner le message « Compte rendu opératoire »',
    );
    expect(grid()).toHaveAttribute('aria-rowcount', '4');
    expect(row(11)).toHaveAttribute('aria-rowindex', '2');
  });

  it('keeps only the visible rows of 100,000 messages in the DOM and loads pages lazily', async () => {
    const big = folder({ total: 100_000 });
    api.listMessages.mockImplementation(async (q: ListQuery) =>
      Array.from({ length: q.limit }, (_, i) => summary({ id: q.offset + i + 1, subject: `Message ${q.offset + i + 1}` })),
    );
    setup({ folder: big });
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThan(60);
    expect(api.listMessages).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('list-count').textContent?.replace(/\s/g, ' ')).toBe('100 000 messages');
    expect(grid()).toHaveAttribute('aria-rowcount', '100001');

    // Scrolling far down asks for the page holding those rows, and only that one.
    grid().scrollTop = 40 * 50_000;
    await fireEvent.scroll(grid());
    await waitFor(() => expect(screen.getAllByTestId('message-row').some((r) => r.dataset.id === '50001')).toBe(true));
    expect(api.listMessages).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 50_000, limit: 200 }));
    expect(rows().length).toBeLessThan(60);
  });

  it('shows the Sent folder’s recipients and open status in the manual’s words', async () => {
    serve([
      summary({ id: 21, folder: 'Sent', to: ['Vives Nadege <n@x.fr>'], open_state: 'all_opened' }),
      summary({ id: 22, folder: 'Sent', to: ['c@medecin.mssante.fr'], open_state: 'no_information' }),
      summary({ id: 23, folder: 'Sent', to: ['a@x.fr', 'b@x.fr'], open_state: 'some_opened' }),
      summary({ id: 24, folder: 'Sent', to: ['d@x.fr'], open_state: 'none_opened' }),
    ]);
    setup({ folder: { ...SENT, total: 4 } });
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(row(21)).toHaveTextContent('À : Vives Nadege');
    expect(row(21)).not.toHaveTextContent('Dr Anne Martin');
    const label = (id: number) => within(row(id)).getByTestId('open-state').getAttribute('aria-label');
    expect(label(21)).toBe('Tous les destinataires ont ouvert le message');
    expect(label(23)).toBe('Au moins un des destinataires a ouvert le message');
    expect(label(24)).toBe('Aucun des destinataires n’a ouvert le message');
    expect(label(22)).toBe('Medimail n’a pas d’information sur l’ouverture de votre message');
    expect(screen.getByRole('columnheader', { name: 'Destinataires' })).toBeInTheDocument();
  });

  it('shows an empty folder, the trash and the archive view with their own sentences', async () => {
    serve([]);
    const { rerender } = setup({ folder: folder({ total: 0 }) });
    expect(await screen.findByText('Aucun message dans ce dossier')).toBeInTheDocument();
    await rerender({ folder: { ...TRASH, total: 0 } });
    expect(await screen.findByText('Aucun message supprimé')).toBeInTheDocument();
    await rerender({ folder: folder({ id: -1, name: '', role: null, total: 0, archived: 0 }), presence: 'archived' });
    expect(await screen.findByText('Aucun message archivé')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Messages archivés' })).toBeInTheDocument();
    expect(api.listMessages).toHaveBeenLastCalledWith(expect.objectContaining({ folder: null, presence: 'archived' }));
  });

  it('shows a loading state while the folder is not known yet', () => {
    setup({ folder: null });
    expect(screen.getByTestId('list-state')).toHaveTextContent('Chargement des messages…');
    expect(api.listMessages).not.toHaveBeenCalled();
  });

  it('explains a loading failure in French and retries', async () => {
    api.listMessages.mockRejectedValueOnce({ code: 'store', message: 'database is locked' });
    const { user } = setup();
    expect(await screen.findByText('Impossible d’afficher les messages')).toBeInTheDocument();
    expect(screen.getByTestId('list-state')).toHaveTextContent('La base locale des messages a rencontré un problème');
    expect(screen.getByTestId('list-state')).not.toHaveTextContent('database is locked');
    await user.click(screen.getByTestId('list-retry'));
    await waitFor(() => expect(rows()).toHaveLength(3));
  });

  it('reloads in place when the mailbox changes, keeping what is checked', async () => {
    const { user, rerender } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(within(row(12)).getByTestId('row-checkbox'));
    serve([summary({ id: 10, subject: 'Nouveau' }), ...MESSAGES]);
    await rerender({ reloadToken: 1, folder: { ...INBOX, total: 4 } });
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(within(row(12)).getByTestId('row-checkbox')).toBeChecked();
    expect(screen.getByTestId('action-count')).toHaveTextContent('1 message sélectionné');
  });

  it('unchecks messages that left the folder after a reload (dropped on a folder)', async () => {
    const { user, rerender } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(within(row(12)).getByTestId('row-checkbox'));
    serve([MESSAGES[0]!, MESSAGES[2]!]);
    await rerender({ reloadToken: 1 });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.queryByTestId('action-bar')).not.toBeInTheDocument();
  });
});

describe('MessageList: sorting', () => {
  it('sorts by the seed’s columns, ascending then descending, with aria-sort', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    const header = (name: RegExp) => screen.getByRole('columnheader', { name });
    expect(header(/^Date/)).toHaveAttribute('aria-sort', 'descending');
    for (const key of ['flag', 'attachment', 'read', 'from', 'subject', 'date']) {
      expect(screen.getByTestId(`sort-${key}`)).toBeInTheDocument();
    }

    await user.click(screen.getByTestId('sort-subject'));
    expect(header(/^Objet/)).toHaveAttribute('aria-sort', 'ascending');
    expect(header(/^Date/)).not.toHaveAttribute('aria-sort');
    await waitFor(() =>
      expect(api.listMessages).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'subject', descending: false, offset: 0 })),
    );
    await user.click(screen.getByTestId('sort-subject'));
    expect(header(/^Objet/)).toHaveAttribute('aria-sort', 'descending');
    await waitFor(() => expect(api.listMessages).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'subject', descending: true })));

    await user.click(screen.getByTestId('sort-flag'));
    await waitFor(() => expect(api.listMessages).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'flag', descending: true })));
    expect(screen.getByTestId('sort-flag')).toHaveAccessibleName('Drapeau');
  });
});

describe('MessageList: selection', () => {
  it('opens a message on click and marks it as selected', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(row(12));
    expect(selected()).toBe('12');
    expect(row(12)).toHaveAttribute('aria-selected', 'true');
    expect(row(11)).toHaveAttribute('aria-selected', 'false');
    // The open message alone gets the action bar.
    expect(screen.getByTestId('action-count')).toHaveTextContent('Message ouvert');
  });

  it('checks with the checkbox, Ctrl+click and Shift+click, without opening', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(within(row(11)).getByTestId('row-checkbox'));
    expect(within(row(11)).getByTestId('row-checkbox')).toBeChecked();
    expect(screen.getByTestId('action-count')).toHaveTextContent('1 message sélectionné');
    expect(selected()).toBe('');

    await user.keyboard('{Shift>}');
    await user.click(row(13));
    await user.keyboard('{/Shift}');
    expect(rows().map((r) => r.getAttribute('aria-selected'))).toEqual(['true', 'true', 'true']);
    expect(screen.getByTestId('action-count')).toHaveTextContent('3 messages sélectionnés');

    await user.keyboard('{Control>}');
    await user.click(row(12));
    await user.keyboard('{/Control}');
    expect(within(row(12)).getByTestId('row-checkbox')).not.toBeChecked();
    expect(screen.getByTestId('action-count')).toHaveTextContent('2 messages sélectionnés');

    // A plain click starts over: only the clicked message, opened.
    await user.click(row(12));
    expect(screen.queryAllByRole('checkbox', { checked: true })).toHaveLength(0);
    expect(selected()).toBe('12');
  });

  it('checks every loaded message with the header checkbox and unchecks them', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByTestId('select-all'));
    expect(screen.getByTestId('action-count')).toHaveTextContent('3 messages sélectionnés');
    await user.click(screen.getByTestId('select-all'));
    expect(screen.queryByTestId('action-bar')).not.toBeInTheDocument();
  });

  it('works from the keyboard: arrows, Space, Enter, Home/End, Ctrl+A, Escape', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    grid().focus();
    await tick();
    const active = () => document.getElementById(grid().getAttribute('aria-activedescendant') ?? '')?.dataset.id;
    expect(active()).toBe('11');
    await user.keyboard('{ArrowDown}');
    expect(active()).toBe('12');
    expect(row(12)).toHaveClass('focused');
    await user.keyboard(' ');
    expect(within(row(12)).getByTestId('row-checkbox')).toBeChecked();
    await user.keyboard('{End}');
    expect(active()).toBe('13');
    await user.keyboard('{Enter}');
    expect(selected()).toBe('13');
    await user.keyboard('{Home}');
    expect(active()).toBe('11');
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(screen.getByTestId('action-count')).toHaveTextContent('2 messages sélectionnés');
    await user.keyboard('{Control>}a{/Control}');
    expect(screen.getByTestId('action-count')).toHaveTextContent('3 messages sélectionnés');
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('action-count')).toHaveTextContent('Message ouvert');
  });

  it('deletes with the Delete key: the checked messages, else the focused one', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    grid().focus();
    await user.keyboard('{ArrowDown}{Delete}');
    expect(api.deleteMessages).toHaveBeenCalledWith([12]);
    expect(await screen.findByText('1 message supprimé')).toBeInTheDocument();
  });
});

describe('MessageList: actions', () => {
  async function checkTwo(user: ReturnType<typeof userEvent.setup>) {
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(within(row(11)).getByTestId('row-checkbox'));
    await user.click(within(row(13)).getByTestId('row-checkbox'));
  }

  it('deletes the checked messages, announces it and reloads', async () => {
    const { user } = setup();
    await checkTwo(user);
    serve([MESSAGES[1]!]);
    await user.click(screen.getByTestId('action-delete'));
    expect(api.deleteMessages).toHaveBeenCalledWith([11, 13]);
    expect(await screen.findByTestId('list-status')).toHaveTextContent('2 messages supprimés');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId('action-bar')).not.toBeInTheDocument();
  });

  it('closes the open message when it is deleted, without opening another one', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(row(12));
    await user.click(screen.getByTestId('action-delete'));
    expect(api.deleteMessages).toHaveBeenCalledWith([12]);
    await waitFor(() => expect(selected()).toBe(''));
  });

  it('offers Restaurer and Supprimer définitivement (after confirmation) in the trash', async () => {
    serve(MESSAGES.map((m) => ({ ...m, folder: 'Trash' })));
    const { user } = setup({ folder: TRASH });
    await checkTwo(user);
    expect(screen.queryByTestId('action-delete')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('action-purge'));
    const dialog = screen.getByRole('alertdialog', { name: 'Supprimer définitivement ?' });
    expect(dialog).toHaveTextContent('Les 2 messages seront effacés du serveur et de cet ordinateur');
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(api.purgeMessages).not.toHaveBeenCalled();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('action-purge'));
    await user.click(screen.getByTestId('confirm-purge-ok'));
    expect(api.purgeMessages).toHaveBeenCalledWith([11, 13]);
    expect(await screen.findByText('2 messages supprimés définitivement')).toBeInTheDocument();
  });

  it('restores from the trash', async () => {
    serve(MESSAGES.map((m) => ({ ...m, folder: 'Trash' })));
    const { user } = setup({ folder: TRASH });
    await checkTwo(user);
    await user.click(screen.getByTestId('action-restore'));
    expect(api.restoreMessages).toHaveBeenCalledWith([11, 13]);
    expect(await screen.findByText('2 messages restaurés')).toBeInTheDocument();
  });

  it('asks before deleting permanently with the Delete key in the trash', async () => {
    serve(MESSAGES.map((m) => ({ ...m, folder: 'Trash' })));
    const { user } = setup({ folder: TRASH });
    await waitFor(() => expect(rows()).toHaveLength(3));
    grid().focus();
    await user.keyboard('{Delete}');
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Le message sera effacé');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.purgeMessages).not.toHaveBeenCalled();
  });

  it('moves to another folder of the same account', async () => {
    const { user } = setup();
    await checkTwo(user);
    await user.click(screen.getByTestId('action-move'));
    const targets = screen.getAllByTestId('move-target');
    // Not the current folder, not the drafts, not another account's folder.
    expect(targets.map((t) => t.textContent?.trim())).toEqual(['Messages envoyés', 'Messages supprimés', 'Cardiologie']);
    expect(targets[0]).toHaveFocus();
    await user.click(targets[2]!);
    expect(api.moveMessages).toHaveBeenCalledWith([11, 13], 'Cardiologie');
    expect(await screen.findByText('2 messages déplacés vers « Cardiologie »')).toBeInTheDocument();
  });

  it('marks read and unread, keeping the selection', async () => {
    const { user } = setup();
    await checkTwo(user);
    await user.click(screen.getByTestId('action-read'));
    expect(api.markRead).toHaveBeenCalledWith([11, 13], true);
    expect(await screen.findByText('2 messages marqués comme lus')).toBeInTheDocument();
    expect(screen.getByTestId('action-count')).toHaveTextContent('2 messages sélectionnés');
    await user.click(screen.getByTestId('action-unread'));
    expect(api.markRead).toHaveBeenLastCalledWith([11, 13], false);
  });

  it('sets and removes the flag colour', async () => {
    const { user } = setup();
    await checkTwo(user);
    await user.click(screen.getByTestId('action-flag'));
    expect(screen.getAllByRole('menuitem').map((m) => m.textContent?.trim())).toEqual([
      'Rouge',
      'Orange',
      'Jaune',
      'Vert',
      'Bleu',
      'Aucun',
    ]);
    await user.click(screen.getByTestId('flag-green'));
    expect(api.setFlag).toHaveBeenCalledWith([11, 13], 'green');
    expect(await screen.findByText('Drapeau vert sur 2 messages')).toBeInTheDocument();
    await user.click(screen.getByTestId('action-flag'));
    await user.click(screen.getByTestId('flag-none'));
    expect(api.setFlag).toHaveBeenLastCalledWith([11, 13], null);
  });

  it('downloads the messages and says where', async () => {
    api.downloadMessages.mockResolvedValueOnce('/home/me/messages.mbox').mockResolvedValueOnce(null);
    const { user } = setup();
    await checkTwo(user);
    await user.click(screen.getByTestId('action-download'));
    expect(api.downloadMessages).toHaveBeenCalledWith([11, 13]);
    expect(await screen.findByText('Enregistré : /home/me/messages.mbox')).toBeInTheDocument();
  });

  it('prints the open message through the print window', async () => {
    api.printMessage.mockResolvedValue(undefined);
    const { user } = setup();
    await checkTwo(user);
    expect(screen.getByTestId('action-print')).toBeDisabled();
    await user.click(row(12));
    await user.click(screen.getByTestId('action-print'));
    expect(api.printMessage).toHaveBeenCalledWith(12, false, 'fr');
  });

  it('reports a failed action through onError, as an AppError', async () => {
    api.deleteMessages.mockRejectedValueOnce({ code: 'network', message: 'offline' });
    const { user, onError } = setup();
    await checkTwo(user);
    await user.click(screen.getByTestId('action-delete'));
    await waitFor(() => expect(onError).toHaveBeenCalledWith({ code: 'network', message: 'offline' }));
    expect(screen.getByTestId('action-count')).toHaveTextContent('2 messages sélectionnés');
  });
});

describe('MessageList: drag and drop', () => {
  function drag(target: HTMLElement) {
    const data: Record<string, string> = {};
    const dataTransfer = {
      setData: vi.fn((type: string, value: string) => (data[type] = value)),
      setDragImage: vi.fn(),
      effectAllowed: 'all',
    };
    fireEvent.dragStart(target, { dataTransfer });
    return { data, dataTransfer };
  }

  it('drags the checked messages when the row is checked, else that row alone', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(row(11)).toHaveAttribute('draggable', 'true');

    let { data, dataTransfer } = drag(row(12));
    expect(JSON.parse(data[DRAG_TYPE]!)).toEqual([12]);
    expect(dataTransfer.effectAllowed).toBe('move');

    await user.click(within(row(11)).getByTestId('row-checkbox'));
    await user.click(within(row(13)).getByTestId('row-checkbox'));
    ({ data } = drag(row(13)));
    expect(JSON.parse(data[DRAG_TYPE]!)).toEqual([11, 13]);
    ({ data } = drag(row(12)));
    expect(JSON.parse(data[DRAG_TYPE]!)).toEqual([12]);
  });
});

describe('MessageList: search', () => {
  it('shows results as the user types, with its own title', async () => {
    api.searchMessages.mockResolvedValue([
      summary({ id: 31, subject: 'Radio thorax', date: 100 }),
      summary({ id: 32, subject: 'Radio genou', date: 200, folder: 'Trash' }),
    ]);
    setup({ query: 'radio' });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.searchMessages).toHaveBeenCalledWith('radio*', 200, 'me@x.fr');
    expect(screen.getByRole('heading', { name: 'Résultats pour « radio »' })).toBeInTheDocument();
    expect(screen.getByTestId('list-count')).toHaveTextContent('2 résultats');
    // Sorted like the folder: newest first.
    expect(rows().map((r) => r.dataset.id)).toEqual(['32', '31']);
  });

  it('waits for a pause in typing before searching', async () => {
    const { rerender } = setup({ query: 'r' });
    await rerender({ query: 'ra' });
    await rerender({ query: 'rad' });
    await waitFor(() => expect(api.searchMessages).toHaveBeenCalled());
    expect(api.searchMessages).toHaveBeenCalledTimes(1);
    expect(api.searchMessages).toHaveBeenCalledWith('rad*', 200, 'me@x.fr');
  });

  it('says when nothing matches', async () => {
    setup({ query: 'zzz' });
    expect(await screen.findByText('Aucun résultat')).toBeInTheDocument();
    expect(screen.getByTestId('list-state')).toHaveTextContent('Aucun message ne correspond à « zzz »');
  });

  it('offers the trash actions when every chosen result is in the trash', async () => {
    api.searchMessages.mockResolvedValue([summary({ id: 32, subject: 'Radio genou', folder: 'Trash' }), summary({ id: 33 })]);
    const { user } = setup({ query: 'radio' });
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(within(row(32)).getByTestId('row-checkbox'));
    expect(screen.getByTestId('action-restore')).toBeInTheDocument();
    await user.click(within(row(33)).getByTestId('row-checkbox'));
    expect(screen.getByTestId('action-delete')).toBeInTheDocument();
  });

  it('goes back to the folder when the search box is emptied', async () => {
    api.searchMessages.mockResolvedValue([summary({ id: 31 })]);
    const { rerender } = setup({ query: 'radio' });
    await waitFor(() => expect(rows()).toHaveLength(1));
    await rerender({ query: '' });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.getByRole('heading', { name: 'Boîte de réception' })).toBeInTheDocument();
  });
});

describe('MessageList: English', () => {
  it('speaks English when asked to', async () => {
    setLocale('en');
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.getByRole('heading', { name: 'Inbox' })).toBeInTheDocument();
    expect(screen.getByTestId('list-count')).toHaveTextContent('3 messages');
    await user.click(within(row(11)).getByTestId('row-checkbox'));
    expect(screen.getByTestId('action-count')).toHaveTextContent('1 message selected');
    expect(screen.getByTestId('action-delete')).toHaveTextContent('Delete');
    expect(within(row(13)).getByTestId('archived-badge')).toHaveTextContent('archived');
  });
});
