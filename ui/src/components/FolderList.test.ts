import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import FolderList from './FolderList.svelte';
import type { Folder } from '../lib/backend';
import { DRAG_TYPE } from '../lib/folders';

function folder(id: number, name: string, role: Folder['role'] = null, extra: Partial<Folder> = {}): Folder {
  return { id, account: 'a@b.fr', name, role, on_server: true, total: 10, unread: 0, archived: 0, ...extra };
}

const FOLDERS = [
  folder(5, 'Trash', 'trash'),
  folder(2, 'Sent', 'sent'),
  folder(1, 'INBOX', 'inbox', { unread: 3 }),
  folder(3, 'Drafts', 'drafts'),
  folder(7, 'Patients/Suivi diabète'),
  folder(6, 'Laboratoire'),
];

function setup(overrides: Record<string, unknown> = {}) {
  const props = {
    folders: FOLDERS,
    selected: { kind: 'folder' as const, id: 1 },
    onSelect: vi.fn(),
    onCreate: vi.fn(async () => true),
    onRename: vi.fn(async () => true),
    onDelete: vi.fn(),
    onDropMessages: vi.fn(),
    ...overrides,
  };
  render(FolderList, props);
  return props;
}

describe('FolderList', () => {
  it('lists standard folders in the manual’s order with their French names, then the user’s', () => {
    setup();
    const labels = screen.getAllByRole('button').map((b) => b.textContent?.replace(/\s+/g, ' ').trim());
    expect(labels.slice(0, 4)).toEqual(['Boîte de réception 3', 'Brouillons', 'Messages envoyés', 'Messages supprimés']);
    expect(labels).toContain('Laboratoire');
    expect(labels).toContain('Suivi diabète');
    expect(screen.getByTestId('folder-inbox')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByLabelText('3 non lus')).toBeInTheDocument();
  });

  it('creates a folder inline, refusing an empty or taken name first', async () => {
    const user = userEvent.setup();
    const props = setup();
    await user.click(screen.getByTestId('new-folder-button'));
    const input = screen.getByTestId('new-folder-input');
    expect(input).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Saisissez un nom de dossier.');
    await user.type(input, 'laboratoire{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Un dossier porte déjà ce nom.');
    expect(props.onCreate).not.toHaveBeenCalled();
    await user.clear(input);
    await user.type(input, 'Courriers 2026{Enter}');
    expect(props.onCreate).toHaveBeenCalledWith('Courriers 2026');
  });

  it('renames with F2 and deletes with the Delete key, user folders only', async () => {
    const user = userEvent.setup();
    const props = setup();
    const lab = screen.getByText('Laboratoire').closest('button')!;
    lab.focus();
    await user.keyboard('{F2}');
    const input = screen.getByTestId('folder-rename-input');
    await user.clear(input);
    await user.type(input, 'Biologie{Enter}');
    expect(props.onRename).toHaveBeenCalledWith(expect.objectContaining({ name: 'Laboratoire' }), 'Biologie');
    screen.getByText('Suivi diabète').closest('button')!.focus();
    await user.keyboard('{Delete}');
    expect(props.onDelete).toHaveBeenCalledWith(expect.objectContaining({ name: 'Patients/Suivi diabète' }));
    screen.getByTestId('folder-inbox').focus();
    await user.keyboard('{Delete}');
    expect(props.onDelete).toHaveBeenCalledTimes(1);
  });

  it('accepts dropped messages on a folder', async () => {
    const props = setup();
    const target = screen.getByText('Laboratoire').closest('li')!;
    const data = {
      types: [DRAG_TYPE],
      getData: (type: string) => (type === DRAG_TYPE ? '[12,13]' : ''),
      dropEffect: 'none',
    };
    await fireEvent.dragOver(target, { dataTransfer: data });
    expect(target).toHaveAttribute('data-drop-target', 'true');
    await fireEvent.drop(target, { dataTransfer: data });
    expect(props.onDropMessages).toHaveBeenCalledWith([12, 13], expect.objectContaining({ name: 'Laboratoire' }));
  });

  it('ignores drops that are not messages', async () => {
    const props = setup();
    const target = screen.getByText('Laboratoire').closest('li')!;
    await fireEvent.drop(target, { dataTransfer: { types: ['text/plain'], getData: () => 'alert(1)' } });
    expect(props.onDropMessages).not.toHaveBeenCalled();
  });

  it('offers the archive view and the directory', async () => {
    const user = userEvent.setup();
    const props = setup({ archivedCount: 42 });
    expect(screen.getByTestId('folder-archived')).toHaveTextContent('Messages archivés');
    expect(screen.getByTestId('folder-archived')).toHaveTextContent('42');
    await user.click(screen.getByTestId('folder-archived'));
    expect(props.onSelect).toHaveBeenCalledWith({ kind: 'archived' });
    await user.click(screen.getByTestId('folder-directory'));
    expect(props.onSelect).toHaveBeenCalledWith({ kind: 'directory' });
  });
});

describe('FolderList with several accounts', () => {
  it('offers "Toutes les boîtes de réception" with its unread count, only with several accounts', async () => {
    const user = userEvent.setup();
    const props = setup({ unifiedUnread: 7 });
    const unified = screen.getByTestId('folder-unified');
    expect(unified).toHaveTextContent('Toutes les boîtes de réception');
    expect(unified).toHaveTextContent('7');
    await user.click(unified);
    expect(props.onSelect).toHaveBeenCalledWith({ kind: 'unified' });
  });

  it('has no unified inbox with one account', () => {
    setup();
    expect(screen.queryByTestId('folder-unified')).not.toBeInTheDocument();
  });
});

describe('FolderList with a shared mailbox', () => {
  it('groups an organisational mailbox’s folders under its own heading, with the usual names', () => {
    setup({
      folders: [
        ...FOLDERS,
        folder(20, 'Shared/secretariat@cabinet.test/INBOX'),
        folder(21, 'Shared/secretariat@cabinet.test/Sent'),
        folder(22, 'Shared/secretariat@cabinet.test/Courriers'),
      ],
    });
    const heading = screen.getByRole('heading', { name: 'Boîte partagée : secretariat@cabinet.test' });
    const list = heading.nextElementSibling as HTMLElement;
    const labels = Array.from(list.querySelectorAll('button[data-nav]')).map((b) => b.textContent?.trim());
    expect(labels).toEqual(['Boîte de réception', 'Messages envoyés', 'Courriers']);
    // The user's own folder list does not repeat them.
    const mine = screen.getByRole('heading', { name: 'Mes dossiers' }).nextElementSibling as HTMLElement;
    expect(mine).not.toHaveTextContent('Courriers');
    // No rename/delete on a shared mailbox's folders.
    expect(list.querySelector('[data-testid="folder-delete"]')).toBeNull();
  });
});
