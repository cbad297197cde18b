// Dragging messages onto the folder tree: what is carried, and the small label that follows
// the pointer ("3 messages") instead of a picture of the row.
import { DRAG_TYPE } from '../folders';
import { targets, type Selection } from './selection';

/** A checked row carries every checked message (in list order); another row, itself alone. */
export function dragIds(selection: Selection, id: number, orderOf: (id: number) => number): number[] {
  return selection.checked.has(id) ? targets(selection, null, orderOf) : [id];
}

export function startDrag(transfer: DataTransfer, ids: readonly number[], label: string): void {
  transfer.setData(DRAG_TYPE, JSON.stringify(ids));
  transfer.effectAllowed = 'move';
  if (typeof transfer.setDragImage !== 'function') return;
  const ghost = document.createElement('div');
  ghost.className = 'medimail-drag-ghost';
  ghost.textContent = label;
  document.body.append(ghost);
  transfer.setDragImage(ghost, 12, 12);
  // The browser has taken its picture by the next task.
  setTimeout(() => ghost.remove(), 0);
}
