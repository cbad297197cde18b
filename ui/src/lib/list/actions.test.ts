import { beforeEach, describe, expect, it, vi } from 'vitest';
import { firstRow, focusAfterRemoval, planAction } from './actions';
import { folder } from './testing';

vi.mock('../backend', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../backend')>();
  return {
    ...actual,
    deleteMessages: vi.fn(async (ids: number[]) => ids.length),
    restoreMessages: vi.fn(async (ids: number[]) => ids.length),
    purgeMessages: vi.fn(async (ids: number[]) => ids.length),
    moveMessages: vi.fn(async (ids: number[]) => ids.length),
    markRead: vi.fn(async (ids: number[]) => ids.length),
    setFlag: vi.fn(async (ids: number[]) => ids.length),
  };
});

import * as backend from '../backend';
const api = vi.mocked(backend);

beforeEach(() => vi.clearAllMocks());

describe('planAction', () => {
  it('deletes, restores and purges: the messages leave the list', async () => {
    const del = planAction({ kind: 'delete' }, [1, 2]);
    expect(await del.run()).toBe(2);
    expect(api.deleteMessages).toHaveBeenCalledWith([1, 2]);
    expect(del.removes).toBe(true);
    expect(del.done(2)).toBe('2 messages supprimés');
    const restore = planAction({ kind: 'restore' }, [3]);
    await restore.run();
    expect(api.restoreMessages).toHaveBeenCalledWith([3]);
    expect(restore.done(1)).toBe('1 message restauré');
    const purge = planAction({ kind: 'purge' }, [4]);
    await purge.run();
    expect(api.purgeMessages).toHaveBeenCalledWith([4]);
    expect(purge.removes).toBe(true);
  });

  it('moves to a folder by name and names it the way the tree does', async () => {
    const move = planAction({ kind: 'move', target: folder({ name: 'Patients/Cardiologie', role: null }) }, [5, 6]);
    await move.run();
    expect(api.moveMessages).toHaveBeenCalledWith([5, 6], 'Patients/Cardiologie');
    expect(move.done(2)).toBe('2 messages déplacés vers « Cardiologie »');
    expect(move.removes).toBe(true);
  });

  it('marks and flags in place', async () => {
    const read = planAction({ kind: 'read', read: false }, [7]);
    await read.run();
    expect(api.markRead).toHaveBeenCalledWith([7], false);
    expect(read.removes).toBe(false);
    expect(read.done(1)).toBe('1 message marqué comme non lu');
    const flag = planAction({ kind: 'flag', color: 'red' }, [8]);
    await flag.run();
    expect(api.setFlag).toHaveBeenCalledWith([8], 'red');
    expect(flag.done(1)).toBe('Drapeau rouge sur 1 message');
    expect(planAction({ kind: 'flag', color: null }, [8]).done(2)).toBe('Drapeau retiré de 2 messages');
  });
});

describe('after removing messages', () => {
  it('starts from the first removed row that was loaded', () => {
    const at = (id: number) => ({ 11: 4, 12: 2, 13: -1 })[id] ?? -1;
    expect(firstRow([11, 12, 13], at, 9)).toBe(2);
    expect(firstRow([13], at, 9)).toBe(9);
    expect(firstRow([13], at, null)).toBeNull();
  });

  it('lands on the row that took their place, the last row, or nowhere', () => {
    expect(focusAfterRemoval(2, 10)).toBe(2);
    expect(focusAfterRemoval(8, 8)).toBe(7);
    expect(focusAfterRemoval(0, 0)).toBeNull();
    expect(focusAfterRemoval(null, 5)).toBeNull();
  });
});
