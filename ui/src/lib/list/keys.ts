// The list's keyboard: which command a key press means, where focus goes, and what it does
// to the selection.
import { EMPTY_SELECTION, focusOnly, selectRange, targets, toggle, type IdAt, type Selection } from './selection';

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

/** What the grid holds that a key can change. */
export type GridState = {
  selection: Selection;
  focusIndex: number | null;
  /** The message open in the reading pane. */
  selectedId: number | null;
};

export type GridContext = {
  count: number;
  /** Rows in one screen, for PageUp / PageDown. */
  pageRows: number;
  idAt: IdAt;
  /** The list order of a message, for the Delete key's targets. */
  orderOf: (id: number) => number;
};

/** What a key does to the grid; null: the key is not the grid's (its default goes on). */
export type GridOutcome = {
  selection?: Selection;
  /** Move the keyboard there (and bring the row into view). */
  focus?: number;
  /** Open this message in the reading pane. */
  open?: number;
  /** Delete these messages (the trash asks first). */
  remove?: number[];
  checkAll?: true;
};

/** Delete key: the checked messages, else the focused one, else the open one. */
export function deleteTargets(state: GridState, ctx: Pick<GridContext, 'idAt' | 'orderOf'>): number[] {
  if (state.selection.checked.size > 0) return targets(state.selection, null, ctx.orderOf);
  const focused = state.focusIndex === null ? undefined : ctx.idAt(state.focusIndex);
  if (focused !== undefined) return [focused];
  return state.selectedId === null ? [] : [state.selectedId];
}

export function gridCommand(command: ListCommand, state: GridState, ctx: GridContext): GridOutcome | null {
  const { selection, focusIndex } = state;
  switch (command.kind) {
    case 'move': {
      const to = moveIndex(focusIndex, command.to, ctx.count, ctx.pageRows);
      if (to < 0) return {};
      if (!command.extend) return { focus: to };
      const base = selection.anchor === null ? { ...selection, anchor: focusIndex ?? to } : selection;
      return { selection: selectRange(base, to, ctx.idAt), focus: to };
    }
    case 'toggle': {
      if (focusIndex === null) return ctx.count > 0 ? { focus: 0 } : {};
      const id = ctx.idAt(focusIndex);
      return id === undefined ? {} : { selection: toggle(selection, id, focusIndex) };
    }
    case 'open': {
      const id = focusIndex === null ? undefined : ctx.idAt(focusIndex);
      if (id === undefined || focusIndex === null) return null;
      return { selection: focusOnly(focusIndex), open: id };
    }
    case 'delete': {
      const ids = deleteTargets(state, ctx);
      return ids.length === 0 ? null : { remove: ids };
    }
    case 'selectAll':
      return { checkAll: true };
    case 'clear':
      return selection.checked.size === 0 ? null : { selection: EMPTY_SELECTION };
  }
}
