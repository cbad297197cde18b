// The list's keyboard: which command a key press means, and where focus goes.

export type Move = 'prev' | 'next' | 'first' | 'last' | 'pageUp' | 'pageDown';

export type ListCommand =
  | { kind: 'move'; to: Move; extend: boolean }
  | { kind: 'toggle' }
  | { kind: 'open' }
  | { kind: 'delete' }
  | { kind: 'selectAll' }
  | { kind: 'clear' };

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

const MOVES: Record<string, Move> = {
  ArrowUp: 'prev',
  ArrowDown: 'next',
  Home: 'first',
  End: 'last',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
};

export function listCommand(event: KeyLike): ListCommand | null {
  if (event.altKey) return null;
  const ctrl = event.ctrlKey || event.metaKey;
  const move = MOVES[event.key];
  if (move) return { kind: 'move', to: move, extend: event.shiftKey };
  if (ctrl && !event.shiftKey && event.key.toLowerCase() === 'a') return { kind: 'selectAll' };
  if (ctrl) return null;
  switch (event.key) {
    case ' ':
    case 'Spacebar':
      return { kind: 'toggle' };
    case 'Enter':
      return { kind: 'open' };
    case 'Delete':
      return { kind: 'delete' };
    case 'Escape':
      return { kind: 'clear' };
    default:
      return null;
  }
}

/** The row a move lands on (clamped); -1 when the list is empty. */
export function moveIndex(current: number | null, to: Move, count: number, page: number): number {
  if (count <= 0) return -1;
  const last = count - 1;
  if (current === null || current < 0) return to === 'last' ? last : 0;
  switch (to) {
    case 'prev':
      return Math.max(0, current - 1);
    case 'next':
      return Math.min(last, current + 1);
    case 'first':
      return 0;
    case 'last':
      return last;
    case 'pageUp':
      return Math.max(0, current - page);
    case 'pageDown':
      return Math.min(last, current + page);
  }
}
