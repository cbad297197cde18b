// Test fixtures for the list (used by the *.test.ts files only).
import type { Folder } from '../bindings/Folder';
import type { MessageSummary } from '../bindings/MessageSummary';

export function summary(over: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id: 1,
    account: 'me@x.fr',
    message_id: null,
    folder: 'INBOX',
    from: 'anne.martin@chu.fr',
    from_name: 'Dr Anne Martin',
    to: ['me@x.fr'],
    cc: [],
    subject: 'Compte rendu',
    date: 1_700_000_000,
    seen: true,
    flagged: false,
    flag_color: null,
    has_attachments: false,
    on_server: true,
    size: 1000,
    open_state: null,
    ...over,
  };
}

export function folder(over: Partial<Folder> = {}): Folder {
  return {
    id: 1,
    account: 'me@x.fr',
    name: 'INBOX',
    role: 'inbox',
    on_server: true,
    total: 0,
    unread: 0,
    archived: 0,
    ...over,
  };
}
