import { describe, expect, it } from 'vitest';
import { listCommand, moveIndex } from './keys';

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
