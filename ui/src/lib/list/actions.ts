// The list's actions on messages: what each one asks the engine, what it announces, and
// whether it takes the messages out of the list.
import { deleteMessages, markRead, moveMessages, purgeMessages, restoreMessages, setFlag } from '../backend';
import type { FlagColor } from '../bindings/FlagColor';
import type { Folder } from '../bindings/Folder';
import { folderLabel } from '../folders';
import { flagLabel, tn } from './text';

export type ListAction =
  | { kind: 'delete' }
  | { kind: 'restore' }
  | { kind: 'purge' }
  | { kind: 'move'; target: Folder }
  | { kind: 'read'; read: boolean }
  | { kind: 'flag'; color: FlagColor | null };

export type ActionPlan = {
  /** Resolves with how many messages the engine changed. */
  run: () => Promise<number>;
  /** The announcement once done. */
  done: (count: number) => string;
  /** The messages leave the list (the selection and the focus follow). */
  removes: boolean;
};

export function planAction(action: ListAction, ids: number[]): ActionPlan {
  switch (action.kind) {
    case 'delete':
      return { run: () => deleteMessages(ids), done: (n) => tn('list-done-deleted', n), removes: true };
    case 'restore':
      return { run: () => restoreMessages(ids), done: (n) => tn('list-done-restored', n), removes: true };
    case 'purge':
      return { run: () => purgeMessages(ids), done: (n) => tn('list-done-purged', n), removes: true };
    case 'move': {
      const { target } = action;
      return {
        run: () => moveMessages(ids, target.name),
        done: (n) => tn('list-done-moved', n, { folder: folderLabel(target) }),
        removes: true,
      };
    }
    case 'read':
      return { run: () => markRead(ids, action.read), done: (n) => tn(action.read ? 'list-done-read' : 'list-done-unread', n), removes: false };
    case 'flag': {
      const { color } = action;
      return {
        run: () => setFlag(ids, color),
        done: (n) => (color ? tn('list-done-flagged', n, { flag: flagLabel(color) }) : tn('list-done-unflagged', n)),
        removes: false,
      };
    }
  }
}

/**
 * Where the keyboard lands after messages left the list: on the row that followed the first
 * of them (now at its place), the last row when they were at the end, nowhere in an empty list.
 */
export function focusAfterRemoval(firstIndex: number | null, count: number): number | null {
  return firstIndex === null || count === 0 ? null : Math.min(firstIndex, count - 1);
}

/** The first row of `ids` in the list (`indexOf` gives -1 for a row not loaded), else `fallback`. */
export function firstRow(ids: readonly number[], indexOf: (id: number) => number, fallback: number | null): number | null {
  const positions = ids.map(indexOf).filter((i) => i >= 0);
  return positions.length > 0 ? Math.min(...positions) : fallback;
}
