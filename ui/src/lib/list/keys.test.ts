import { describe, expect, it } from 'vitest';
import { listCommand, moveIndex, gridCommand, type GridOutcome, type GridState } from './keys';
import { EMPTY_SELECTION, toggle } from './selection';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('listCommand', () => {
  it('maps the list keys', () => {
    expect(listCommand(key('ArrowDown'))).toEqual({ kind: 'move', to: 'next', extend: false });
    expect(listCommand(key('ArrowUp', { shiftKey: true }))).toEqual({ kind: 'move', to: 'prev', extend: true });
    expect(listCommand(key('Home'))).toMatchObject({ to: 'first' });
    expect(listCommand(key('End'))).toMatchObject({ to: 'last' });
    expect(listCommand(key('PageDown'))).toMatchObject({ to: 'pageDown' });
    expect(listCommand(key(' '))).toEqual({ kind: 'toggle' });
    expect(listCommand(key('Enter'))).toEqual({ kind: 'open' });
    expect(listCommand(key('Delete'))).toEqual({ kind: 'delete' });
    expect(listCommand(key('Escape'))).toEqual({ kind: 'clear' });
    expect(listCommand(key('a', { ctrlKey: true }))).toEqual({ kind: 'selectAll' });
    expect(listCommand(key('A', { metaKey: true }))).toEqual({ kind: 'selectAll' });
  });

  it('leaves other keys to the window (shortcuts, Alt combinations)', () => {
    expect(listCommand(key('a'))).toBeNull();
    expect(listCommand(key('r', { ctrlKey: true }))).toBeNull();
    expect(listCommand(key('a', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(listCommand(key('ArrowDown', { altKey: true }))).toBeNull();
    expect(listCommand(key('Enter', { ctrlKey: true }))).toBeNull();
  });
});

describe('moveIndex', () => {
  it('moves and clamps', () => {
    expect(moveIndex(3, 'next', 10, 5)).toBe(4);
    expect(moveIndex(9, 'next', 10, 5)).toBe(9);
    expect(moveIndex(0, 'prev', 10, 5)).toBe(0);
    expect(moveIndex(4, 'first', 10, 5)).toBe(0);
    expect(moveIndex(4, 'last', 10, 5)).toBe(9);
    expect(moveIndex(4, 'pageDown', 10, 5)).toBe(9);
    expect(moveIndex(4, 'pageUp', 10, 3)).toBe(1);
  });

  it('starts at the top (or the end for End) without a current row', () => {
    expect(moveIndex(null, 'next', 10, 5)).toBe(0);
    expect(moveIndex(null, 'prev', 10, 5)).toBe(0);
    expect(moveIndex(null, 'last', 10, 5)).toBe(9);
    expect(moveIndex(null, 'next', 0, 5)).toBe(-1);
  });
});

describe('gridCommand', () => {
  // Rows 0..9 hold ids 100..109.
  const ctx = { count: 10, pageRows: 4, idAt: (i: number) => (i >= 0 && i < 10 ? 100 + i : undefined), orderOf: (id: number) => id - 100 };
  const state = (over: Partial<GridState> = {}): GridState => ({ selection: EMPTY_SELECTION, focusIndex: null, selectedId: null, ...over });
  const checked = (outcome: GridOutcome | null) => [...(outcome?.selection?.checked ?? [])].sort((a, b) => a - b);

  it('moves the focus, and extends the selection from the focused row with Shift', () => {
    expect(gridCommand({ kind: 'move', to: 'next', extend: false }, state({ focusIndex: 2 }), ctx)).toEqual({ focus: 3 });
    expect(gridCommand({ kind: 'move', to: 'pageDown', extend: false }, state({ focusIndex: 8 }), ctx)).toEqual({ focus: 9 });
    const extended = gridCommand({ kind: 'move', to: 'next', extend: true }, state({ focusIndex: 2 }), ctx);
    expect(extended?.focus).toBe(3);
    expect(checked(extended)).toEqual([102, 103]);
  });

  it('takes a move in an empty list and does nothing with it', () => {
    expect(gridCommand({ kind: 'move', to: 'next', extend: false }, state(), { ...ctx, count: 0 })).toEqual({});
  });

  it('toggles the focused row with Space, or focuses the first row', () => {
    expect(checked(gridCommand({ kind: 'toggle' }, state({ focusIndex: 4 }), ctx))).toEqual([104]);
    expect(gridCommand({ kind: 'toggle' }, state(), ctx)).toEqual({ focus: 0 });
    expect(gridCommand({ kind: 'toggle' }, state(), { ...ctx, count: 0 })).toEqual({});
  });

  it('opens the focused row with Enter, and leaves Enter alone without one', () => {
    const opened = gridCommand({ kind: 'open' }, state({ focusIndex: 1, selection: toggle(EMPTY_SELECTION, 105, 5) }), ctx);
    expect(opened?.open).toBe(101);
    expect(checked(opened)).toEqual([]);
    expect(opened?.selection?.anchor).toBe(1);
    expect(gridCommand({ kind: 'open' }, state(), ctx)).toBeNull();
  });

  it('deletes the checked rows, else the focused one, else the open one', () => {
    const two = toggle(toggle(EMPTY_SELECTION, 107, 7), 103, 3);
    expect(gridCommand({ kind: 'delete' }, state({ selection: two, focusIndex: 1, selectedId: 109 }), ctx)).toEqual({ remove: [103, 107] });
    expect(gridCommand({ kind: 'delete' }, state({ focusIndex: 1, selectedId: 109 }), ctx)).toEqual({ remove: [101] });
    expect(gridCommand({ kind: 'delete' }, state({ selectedId: 109 }), ctx)).toEqual({ remove: [109] });
    expect(gridCommand({ kind: 'delete' }, state(), ctx)).toBeNull();
  });

  it('checks all with Ctrl+A, and unchecks with Escape only when something is checked', () => {
    expect(gridCommand({ kind: 'selectAll' }, state(), ctx)).toEqual({ checkAll: true });
    expect(gridCommand({ kind: 'clear' }, state({ selection: toggle(EMPTY_SELECTION, 101, 1) }), ctx)).toEqual({ selection: EMPTY_SELECTION });
    expect(gridCommand({ kind: 'clear' }, state(), ctx)).toBeNull();
  });
});
