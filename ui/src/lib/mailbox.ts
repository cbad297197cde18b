import type { MessageKey } from './i18n/index.svelte';

/** Medimail keeps two separate messaging spaces: with professionals, and with patients (via Mon Espace Santé). */
export type MailboxMode = 'pro' | 'patient';

export type FolderId = 'inbox' | 'sent' | 'drafts' | 'trash' | 'directory';

export type SortKey = 'flag' | 'attachment' | 'read' | 'sender' | 'subject' | 'date';
export type SortDirection = 'ascending' | 'descending';
export type SortState = { key: SortKey; direction: SortDirection };

export type { ConnectionState } from './bindings/ConnectionState';
export type SyncProgress = { done: number; total: number };

export const FOLDER_LABELS: Record<FolderId, MessageKey> = {
  inbox: 'folders-inbox',
  sent: 'folders-sent',
  drafts: 'folders-drafts',
  trash: 'folders-trash',
  directory: 'folders-directory',
};
