// The window's keyboard shortcuts: one table for the handler and for the help dialog.
import type { MessageKey } from './i18n/index.svelte';

export type ShortcutAction =
  | 'compose'
  | 'refresh'
  | 'search'
  | 'reply'
  | 'replyAll'
  | 'forward'
  | 'settings'
  | 'help'
  | 'folder1'
  | 'folder2'
  | 'folder3'
  | 'folder4';

export type Shortcut = { keys: string; label: MessageKey };

export const SHORTCUTS: Shortcut[] = [
  { keys: 'Ctrl+N', label: 'shell-shortcuts-compose' },
  { keys: 'F5 / Ctrl+Maj+R', label: 'shell-shortcuts-refresh' },
  { keys: 'Ctrl+F / /', label: 'shell-shortcuts-search' },
  { keys: 'Ctrl+R', label: 'shell-shortcuts-reply' },
  { keys: 'Ctrl+Maj+A', label: 'shell-shortcuts-replyAll' },
  { keys: 'Ctrl+Maj+F', label: 'shell-shortcuts-forward' },
  { keys: 'Suppr', label: 'shell-shortcuts-delete' },
  { keys: 'Ctrl+1…4', label: 'shell-shortcuts-folders' },
  { keys: 'F2', label: 'shell-shortcuts-renameFolder' },
  { keys: 'Ctrl+,', label: 'shell-shortcuts-settings' },
  { keys: '?', label: 'shell-shortcuts-help' },
];

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Which action a key press asks for, if any. Plain keys never fire while the user types. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (event.key === 'F5') return 'refresh';
  if (ctrl && event.shiftKey && key === 'r') return 'refresh';
  if (ctrl && event.shiftKey && key === 'a') return 'replyAll';
  if (ctrl && event.shiftKey && key === 'f') return 'forward';
  if (ctrl && !event.shiftKey && !event.altKey) {
    if (key === 'n') return 'compose';
    if (key === 'f') return 'search';
    if (key === 'r') return 'reply';
    if (key === ',') return 'settings';
    if (key === '1') return 'folder1';
    if (key === '2') return 'folder2';
    if (key === '3') return 'folder3';
    if (key === '4') return 'folder4';
  }
  if (!ctrl && !event.altKey && !typing(event.target)) {
    if (event.key === '?') return 'help';
    if (event.key === '/') return 'search';
  }
  return null;
}
