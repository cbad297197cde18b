import { describe, expect, it } from 'vitest';
import { moveFocus, rovingIndex } from './roving';

const four = ['a', 'b', 'c', 'd'];
const key = (k: string) => ({ key: k });

describe('rovingIndex', () => {
  it('moves down and up a vertical list, wrapping around', () => {
    expect(rovingIndex(key('ArrowDown'), four, 0)).toBe(1);
    expect(rovingIndex(key('ArrowDown'), four, 3)).toBe(0);
    expect(rovingIndex(key('ArrowUp'), four, 2)).toBe(1);
    expect(rovingIndex(key('ArrowUp'), four, 0)).toBe(3);
  });

  it('goes to the ends with Home and End', () => {
    expect(rovingIndex(key('Home'), four, 2)).toBe(0);
    expect(rovingIndex(key('End'), four, 1)).toBe(3);
    expect(rovingIndex(key('Home'), four, 2, 'horizontal')).toBe(0);
    expect(rovingIndex(key('End'), four, 1, 'both')).toBe(3);
  });

  it('only listens to the arrows of its orientation', () => {
    expect(rovingIndex(key('ArrowRight'), four, 0)).toBeNull();
    expect(rovingIndex(key('ArrowDown'), four, 0, 'horizontal')).toBeNull();
    expect(rovingIndex(key('ArrowRight'), four, 3, 'horizontal')).toBe(0);
    expect(rovingIndex(key('ArrowLeft'), four, 0, 'horizontal')).toBe(3);
    expect(rovingIndex(key('ArrowRight'), four, 1, 'both')).toBe(2);
    expect(rovingIndex(key('ArrowUp'), four, 1, 'both')).toBe(0);
  });

  it('ignores every other key', () => {
    for (const k of ['Enter', ' ', 'Tab', 'Escape', 'a', 'PageDown']) expect(rovingIndex(key(k), four, 1, 'both')).toBeNull();
  });

  it('enters the list from outside at the first or the last item', () => {
    expect(rovingIndex(key('ArrowDown'), four, -1)).toBe(0);
    expect(rovingIndex(key('ArrowUp'), four, -1)).toBe(3);
  });

  it('claims navigation keys of an empty list without pointing anywhere', () => {
    expect(rovingIndex(key('ArrowDown'), [], -1)).toBe(-1);
    expect(rovingIndex(key('End'), [], -1)).toBe(-1);
    expect(rovingIndex(key('Enter'), [], -1)).toBeNull();
  });
});

describe('moveFocus', () => {
  function buttons(): HTMLButtonElement[] {
    document.body.innerHTML = '<button>1</button><button>2</button><button>3</button>';
    return Array.from(document.querySelectorAll('button'));
  }

  it('focuses the next item and takes the key', () => {
    const all = buttons();
    all[2]!.focus();
    const event = new KeyboardEvent('keydown', { key: 'ArrowDown', cancelable: true });
    expect(moveFocus(event, all)).toBe(true);
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(all[0]);
  });

  it('starts from the given element', () => {
    const all = buttons();
    const event = new KeyboardEvent('keydown', { key: 'ArrowLeft', cancelable: true });
    expect(moveFocus(event, all, 'horizontal', all[1])).toBe(true);
    expect(document.activeElement).toBe(all[0]);
  });

  it('leaves other keys alone', () => {
    const all = buttons();
    all[0]!.focus();
    const event = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true });
    expect(moveFocus(event, all)).toBe(false);
    expect(event.defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(all[0]);
  });
});
