// The folder tree's rules: order, names, what the sidebar has selected.
import type { Folder } from './bindings/Folder';
import type { FolderRole } from './bindings/FolderRole';
import { i18n, type MessageKey } from './i18n/index.svelte';

/** What the sidebar shows: a folder, every archived message, or the directory. */
export type FolderSelection =
  | { kind: 'folder'; id: number }
  | { kind: 'archived' }
  | { kind: 'directory' }
  /** "Toutes les boîtes de réception": every account's inbox in one list. */
  | { kind: 'unified' };

/** The id of the unified inbox's stand-in folder (no folder of the store has it). */
export const UNIFIED_INBOX_ID = -2;

/** The drag-and-drop payload of messages: a JSON array of store ids. */
export const DRAG_TYPE = 'application/x-medimail-ids';

const ROLE_ORDER: FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

const ROLE_LABELS: Record<FolderRole, MessageKey> = {
  inbox: 'folders-inbox',
  sent: 'folders-sent',
  drafts: 'folders-drafts',
  trash: 'folders-trash',
  junk: 'folders-junk',
  archive: 'folders-archive',
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

/**
 * Folders of a mailbox shared with this account (an organisational mailbox) live under the
 * server's shared namespace, `Shared/<owner>/…` (Dovecot's spelling, the one MSSanté
 * operators use).
 */
export const SHARED_PREFIX = 'Shared/';

export function sharedPart(name: string): { owner: string; rest: string } | null {
  if (!name.startsWith(SHARED_PREFIX)) return null;
  const tail = name.slice(SHARED_PREFIX.length);
  const slash = tail.indexOf('/');
  if (slash <= 0) return { owner: tail, rest: '' };
  return { owner: tail.slice(0, slash), rest: tail.slice(slash + 1) };
}

// A shared mailbox's standard folders go by their usual names, not their server names.
const STANDARD_NAMES: Record<string, MessageKey> = {
  INBOX: 'folders-inbox',
  Sent: 'folders-sent',
  Drafts: 'folders-drafts',
  Trash: 'folders-trash',
  Junk: 'folders-junk',
  Archive: 'folders-archive',
};

/** The name a person reads: the seed's names for standard folders, the last level otherwise. */
export function folderLabel(folder: Folder): string {
  const shared = sharedPart(folder.name);
  if (shared) {
    const known = STANDARD_NAMES[shared.rest];
    if (known) return i18n.t(known);
  } else if (folder.role) {
    return i18n.t(ROLE_LABELS[folder.role]);
  }
  const parts = folder.name.split('/');
  return parts[parts.length - 1] || folder.name;
}

/** Indentation level: user folders by their path, shared ones within their mailbox. */
export function folderDepth(name: string): number {
  const shared = sharedPart(name);
  const path = shared ? shared.rest : name;
  return Math.min(path.split('/').length - 1, 4);
}

/** Shared folders by mailbox, each mailbox's standard folders first. */
export function sharedGroups(folders: Folder[]): Array<{ owner: string; folders: Folder[] }> {
  const groups = new Map<string, Folder[]>();
  for (const folder of folders) {
    const shared = sharedPart(folder.name);
    if (!shared || shared.rest === '') continue;
    groups.set(shared.owner, [...(groups.get(shared.owner) ?? []), folder]);
  }
  const standardOrder = Object.keys(STANDARD_NAMES);
  const rank = (f: Folder) => {
    const index = standardOrder.indexOf(sharedPart(f.name)?.rest ?? '');
    return index < 0 ? standardOrder.length : index;
  };
  const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
  return [...groups.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([owner, list]) => ({
      owner,
      folders: list.sort((a, b) => rank(a) - rank(b) || collator.compare(a.name, b.name)),
    }));
}

export function sameSelection(a: FolderSelection, b: FolderSelection): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'folder' || a.id === (b as { id: number }).id;
}

/** Why a folder name cannot be used, as an i18n key (null: it can). */
export function validateFolderName(name: string, existing: Folder[]): MessageKey | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'folders-name-empty';
  if (trimmed.length > 100) return 'folders-name-tooLong';
  if (/[%*"\\]/.test(trimmed) || /[\u0000-\u001f]/.test(trimmed)) return 'folders-name-invalid';
  if (trimmed.toUpperCase() === 'INBOX') return 'folders-name-taken';
  const lower = trimmed.toLocaleLowerCase('fr');
  if (existing.some((f) => f.name.toLocaleLowerCase('fr') === lower)) return 'folders-name-taken';
  return null;
}
