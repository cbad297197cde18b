import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, checkAll, clickCheckbox, clickRow, focusOnly, retain, selectRange, targets, toggle } from './selection';

// Rows 0..9 hold ids 100..109; row 5 is not loaded yet.
const idAt = (i: number) => (i >= 0 && i < 10 && i !== 5 ? 100 + i : undefined);
const ids = (s: { checked: ReadonlySet<number> }) => [...s.checked].sort((a, b) => a - b);

describe('selection model', () => {
  it('toggles one message and moves the anchor', () => {
    let s = toggle(EMPTY_SELECTION, 102, 2);
    expect(ids(s)).toEqual([102]);
    expect(s.anchor).toBe(2);
    s = toggle(s, 104, 4);
    expect(ids(s)).toEqual([102, 104]);
    s = toggle(s, 102, 2);
    expect(ids(s)).toEqual([104]);
  });

  it('does not change the selection it was given', () => {
    const before = toggle(EMPTY_SELECTION, 101, 1);
    toggle(before, 102, 2);
    expect(ids(before)).toEqual([101]);
    expect(EMPTY_SELECTION.checked.size).toBe(0);
  });

  it('selects a range from the anchor, skipping rows not loaded', () => {
    const s = selectRange(focusOnly(3), 7, idAt);
    expect(ids(s)).toEqual([103, 104, 106, 107]);
    expect(s.anchor).toBe(3);
  });

  it('pivots successive Shift+clicks around the anchor, upwards too', () => {
    let s = selectRange(focusOnly(4), 8, idAt);
    s = selectRange(s, 1, idAt);
    expect(ids(s)).toEqual([101, 102, 103, 104]);
  });

  it('adds a range to what was checked with Ctrl+Shift', () => {
    const s = selectRange(toggle(EMPTY_SELECTION, 109, 9), 1, idAt, false);
    expect(ids(s)).toEqual([101, 102, 103, 104, 106, 107, 108, 109]);
    const additive = selectRange({ checked: new Set([100]), anchor: 2 }, 3, idAt, true);
    expect(ids(additive)).toEqual([100, 102, 103]);
  });

  it('uses the clicked row as anchor when there is none', () => {
    expect(ids(selectRange(EMPTY_SELECTION, 2, idAt))).toEqual([102]);
  });

  it('checks all loaded messages', () => {
    expect(ids(checkAll([1, 2, 3]))).toEqual([1, 2, 3]);
  });

  it('retains only the messages still listed, and keeps the object when nothing changed', () => {
    const s = checkAll([1, 2, 3], 0);
    expect(ids(retain(s, (id) => id !== 2))).toEqual([1, 3]);
    expect(retain(s, () => true)).toBe(s);
  });

  it('acts on the checked messages in list order, else on the fallback', () => {
    const s = checkAll([9, 3, 5]);
    expect(targets(s, 42, (id) => id)).toEqual([3, 5, 9]);
    expect(targets(EMPTY_SELECTION, 42)).toEqual([42]);
    expect(targets(EMPTY_SELECTION, null)).toEqual([]);
  });
});

describe('clicks', () => {
  const none = { shiftKey: false, ctrlKey: false, metaKey: false };
  const two = toggle(toggle(EMPTY_SELECTION, 101, 1), 108, 8);

  it('opens the row on a plain click and unchecks everything', () => {
    const click = clickRow(two, none, 3, 103, idAt);
    expect(click.open).toBe(true);
    expect(ids(click.selection)).toEqual([]);
    expect(click.selection.anchor).toBe(3);
  });

  it('flips the row with Ctrl or Cmd, opening nothing', () => {
    for (const keys of [{ ...none, ctrlKey: true }, { ...none, metaKey: true }]) {
      const click = clickRow(two, keys, 3, 103, idAt);
      expect(click.open).toBe(false);
      expect(ids(click.selection)).toEqual([101, 103, 108]);
    }
  });

  it('checks the range from the anchor with Shift, adding to it with Ctrl+Shift', () => {
    const anchored = toggle(EMPTY_SELECTION, 108, 8);
    expect(ids(clickRow(anchored, { ...none, shiftKey: true }, 6, 106, idAt).selection)).toEqual([106, 107, 108]);
    const added = clickRow(toggle(anchored, 101, 1), { ...none, shiftKey: true, ctrlKey: true }, 3, 103, idAt);
    expect(added.open).toBe(false);
    expect(ids(added.selection)).toEqual([101, 102, 103, 108]);
  });

  it('flips a checkbox, or adds the range with Shift', () => {
    expect(ids(clickCheckbox(two, { shiftKey: false }, 1, 101, idAt))).toEqual([108]);
    expect(ids(clickCheckbox(focusOnly(2), { shiftKey: true }, 4, 104, idAt))).toEqual([102, 103, 104]);
    expect(ids(clickCheckbox(two, { shiftKey: true }, 6, 106, idAt))).toEqual([101, 106, 107, 108]);
  });
});
