import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAG_TYPE } from '../folders';
import { dragIds, startDrag } from './drag';
import { EMPTY_SELECTION, toggle } from './selection';

afterEach(() => vi.useRealTimers());

describe('dragIds', () => {
  const orderOf = (id: number) => id;

  it('carries every checked message, in list order, from a checked row', () => {
    const selection = toggle(toggle(EMPTY_SELECTION, 9, 9), 3, 3);
    expect(dragIds(selection, 9, orderOf)).toEqual([3, 9]);
  });

  it('carries the row alone from an unchecked row', () => {
    expect(dragIds(toggle(EMPTY_SELECTION, 9, 9), 4, orderOf)).toEqual([4]);
  });
});

describe('startDrag', () => {
  it('puts the ids in the transfer and shows a label that goes away', () => {
    vi.useFakeTimers();
    const data = new Map<string, string>();
    let image: Element | null = null;
    const transfer = {
      setData: (type: string, value: string) => data.set(type, value),
      effectAllowed: 'all',
      setDragImage: (element: Element) => (image = element),
    } as unknown as DataTransfer;
    startDrag(transfer, [3, 9], '2 messages');
    expect(JSON.parse(data.get(DRAG_TYPE) ?? '')).toEqual([3, 9]);
    expect(transfer.effectAllowed).toBe('move');
    expect(image).toHaveClass('medimail-drag-ghost');
    expect(image).toHaveTextContent('2 messages');
    expect(document.body).toContainElement(image);
    vi.runAllTimers();
    expect(document.querySelector('.medimail-drag-ghost')).toBeNull();
  });

  it('does without a label where the engine cannot show one', () => {
    const data = new Map<string, string>();
    const transfer = { setData: (type: string, value: string) => data.set(type, value), effectAllowed: 'all' } as unknown as DataTransfer;
    startDrag(transfer, [4], 'Compte rendu');
    expect(data.get(DRAG_TYPE)).toBe('[4]');
    expect(document.querySelector('.medimail-drag-ghost')).toBeNull();
  });
});
