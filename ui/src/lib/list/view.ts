// What the list shows about the folder it lists: counts, title, which folders a message can
// be moved to, which messages are in a trash.
import type { Folder } from '../bindings/Folder';
import type { FolderRole } from '../bindings/FolderRole';
import type { ListQuery } from '../bindings/ListQuery';
import type { MessageSummary } from '../bindings/MessageSummary';
import type { Presence } from '../bindings/Presence';
import { folderLabel, orderFolders, UNIFIED_INBOX_ID } from '../folders';
import { i18n } from '../i18n/index.svelte';
import type { Sort } from './format';

/** How many messages the folder has in this view (the folder list's counts). */
export function folderTotal(folder: Folder, presence: Presence): number {
  if (presence === 'archived') return folder.archived;
  if (presence === 'on_server') return Math.max(0, folder.total - folder.archived);
  return folder.total;
}

/** A folder as a search result names it: by account and name. */
export function folderKey(account: string, name: string): string {
  return `${account}\u0001${name}`;
}

/** The folders of that role, by `folderKey`. */
export function foldersWithRole(folders: readonly Folder[], role: FolderRole): Set<string> {
  return new Set(folders.filter((f) => f.role === role).map((f) => folderKey(f.account, f.name)));
}

/** Whether a result of a search is in one of `keys` (see `foldersWithRole`). */
export function isIn(message: Pick<MessageSummary, 'account' | 'folder'>, keys: ReadonlySet<string>): boolean {
  return keys.has(folderKey(message.account, message.folder));
}

/** The page query for a folder, without its window. */
export function folderQuery(folder: Folder, sort: Sort, presence: Presence): Omit<ListQuery, 'limit' | 'offset'> {
  // The unified inbox: every account's inbox, one list.
  if (folder.id === UNIFIED_INBOX_ID) {
    return { account: null, folder: null, sort: sort.key, descending: sort.descending, presence, all_inboxes: true };
  }
  return {
    account: folder.account,
    // The archive view lists every folder of the account: no folder name.
    folder: folder.name === '' ? null : folder.name,
    sort: sort.key,
    descending: sort.descending,
    presence,
  };
}

export function listTitle(folder: Folder | null, presence: Presence, searchText: string): string {
  if (searchText) return i18n.t('list-title-search', { query: searchText });
  if (presence === 'archived') return i18n.t('list-title-archived');
  if (folder?.id === UNIFIED_INBOX_ID) return i18n.t('folders-unified');
  if (!folder || (folder.name === '' && !folder.role)) return i18n.t('list-title-none');
  return folderLabel(folder);
}

/**
 * "Déplacer vers…": the folders of the messages' account but the drafts and the folder
 * listed (search results may come from any folder, so all of them then).
 */
export function moveTargets(folders: readonly Folder[], account: string | null, listed: Folder | null): Folder[] {
  return orderFolders(folders.filter((f) => f.account === account && f.role !== 'drafts' && (!listed || f.id !== listed.id)));
}
