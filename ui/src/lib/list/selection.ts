// The list's selection model: which messages are checked, and the anchor of Shift ranges.
// Ids are store ids; indices are row positions in the current sort. Every function returns
// a new value, so a Svelte `$state` holding it updates by reassignment.

export type Selection = {
  readonly checked: ReadonlySet<number>;
  /** Row index Shift+click and Shift+arrows extend from. */
  readonly anchor: number | null;
};

export const EMPTY_SELECTION: Selection = { checked: new Set(), anchor: null };

/** Id of the message at a row index, when that row is loaded. */
export type IdAt = (index: number) => number | undefined;

/** A plain click: nothing checked, the clicked row becomes the anchor. */
export function focusOnly(index: number): Selection {
  return { checked: new Set(), anchor: index };
}

/** Checkbox or Ctrl/Cmd+click: flips one message. */
export function toggle(selection: Selection, id: number, index: number): Selection {
  const checked = new Set(selection.checked);
  if (checked.has(id)) checked.delete(id);
  else checked.add(id);
  return { checked, anchor: index };
}

/**
 * Shift+click: checks every loaded row between the anchor and `index`. With `additive`
 * (Ctrl+Shift) the range adds to what was checked; otherwise it replaces it.
 * The anchor does not move, so successive Shift+clicks pivot around it.
 */
export function selectRange(selection: Selection, index: number, idAt: IdAt, additive = false): Selection {
  const anchor = selection.anchor ?? index;
  const checked = new Set(additive ? selection.checked : []);
  const [from, to] = anchor <= index ? [anchor, index] : [index, anchor];
  for (let i = from; i <= to; i += 1) {
    const id = idAt(i);
    if (id !== undefined) checked.add(id);
  }
  return { checked, anchor };
}

/** Ctrl+A: every loaded message. */
export function checkAll(ids: Iterable<number>, anchor: number | null = null): Selection {
  return { checked: new Set(ids), anchor };
}

/** Keeps only the checked messages still listed (after a reload). Same object when unchanged. */
export function retain(selection: Selection, present: (id: number) => boolean): Selection {
  let changed = false;
  const checked = new Set<number>();
  for (const id of selection.checked) {
    if (present(id)) checked.add(id);
    else changed = true;
  }
  return changed ? { checked, anchor: selection.anchor } : selection;
}

/**
 * What an action applies to: the checked messages (in list order when known), else the
 * message given as fallback (the open or focused one).
 */
export function targets(selection: Selection, fallback: number | null, order?: (id: number) => number): number[] {
  if (selection.checked.size > 0) {
    const ids = [...selection.checked];
    if (order) ids.sort((a, b) => order(a) - order(b));
    return ids;
  }
  return fallback === null ? [] : [fallback];
}

type ClickKeys = Pick<MouseEvent, 'shiftKey' | 'ctrlKey' | 'metaKey'>;

/**
 * A click on a row: Shift checks the range from the anchor (Ctrl+Shift adds it), Ctrl/Cmd
 * flips the row, a plain click unchecks everything and opens the row (`open`).
 */
export function clickRow(selection: Selection, keys: ClickKeys, index: number, id: number, idAt: IdAt): { selection: Selection; open: boolean } {
  const ctrl = keys.ctrlKey || keys.metaKey;
  if (keys.shiftKey) return { selection: selectRange(selection, index, idAt, ctrl), open: false };
  if (ctrl) return { selection: toggle(selection, id, index), open: false };
  return { selection: focusOnly(index), open: true };
}

/** A click on a row's checkbox: flips it, or with Shift adds the range from the anchor. */
export function clickCheckbox(selection: Selection, keys: Pick<ClickKeys, 'shiftKey'>, index: number, id: number, idAt: IdAt): Selection {
  return keys.shiftKey ? selectRange(selection, index, idAt, true) : toggle(selection, id, index);
}
