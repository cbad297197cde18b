// The folder tree's rules: order, names, what the sidebar has selected.
import type { Folder } from './bindings/Folder';
import type { FolderRole } from './bindings/FolderRole';
import { i18n, type MessageKey } from './i18n/index.svelte';

/** What the sidebar shows: a folder, every archived message, or the directory. */
export type FolderSelection = { kind: 'folder'; id: number } | { kind: 'archived' } | { kind: 'directory' };

/** The drag-and-drop payload of messages: a JSON array of store ids. */
export const DRAG_TYPE = 'application/x-medimail-ids';

const ROLE_ORDER: FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

const ROLE_LABELS: Record<FolderRole, MessageKey> = {
  inbox: 'folders.inbox',
  sent: 'folders.sent',
  drafts: 'folders.drafts',
  trash: 'folders.trash',
  junk: 'folders.junk',
  archive: 'folders.archive',
};

/** Standard folders in the seed's order, then the user's alphabetically (French collation). */
export function orderFolders(folders: Folder[]): Folder[] {
  const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
  return [...folders].sort((a, b) => {
    const ra = a.role ? ROLE_ORDER.indexOf(a.role) : ROLE_ORDER.length;
    const rb = b.role ? ROLE_ORDER.indexOf(b.role) : ROLE_ORDER.length;
    if (ra !== rb) return ra - rb;
    return collator.compare(a.name, b.name);
  });
}

/** The name a person reads: the seed's names for standard folders, the last level otherwise. */
export function folderLabel(folder: Folder): string {
  if (folder.role) return i18n.t(ROLE_LABELS[folder.role]);
  const parts = folder.name.split('/');
  return parts[parts.length - 1] || folder.name;
}

export function folderDepth(name: string): number {
  return Math.min(name.split('/').length - 1, 4);
}

export function sameSelection(a: FolderSelection, b: FolderSelection): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'folder' || a.id === (b as { id: number }).id;
}

/** Why a folder name cannot be used, as an i18n key (null: it can). */
export function validateFolderName(name: string, existing: Folder[]): MessageKey | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'folders.name.empty';
  if (trimmed.length > 100) return 'folders.name.tooLong';
  if (/[%*"\\]/.test(trimmed) || /[\u0000-\u001f]/.test(trimmed)) return 'folders.name.invalid';
  if (trimmed.toUpperCase() === 'INBOX') return 'folders.name.taken';
  const lower = trimmed.toLocaleLowerCase('fr');
  if (existing.some((f) => f.name.toLocaleLowerCase('fr') === lower)) return 'folders.name.taken';
  return null;
}
