import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Composition } from '../bindings/Composition';
import { emptyComposition } from './composition';
import { DraftKeeper } from './drafts';

const from = { address: 'dr@medecin.mssante.fr', name: 'Dr' };

function make(save = vi.fn(async (_c: Composition) => {})) {
  let current = emptyComposition('pro', from);
  const keeper = new DraftKeeper({ current: () => current, save, delay: 2000, maxWait: 30000 });
  const edit = (subject: string) => {
    current = { ...current, subject };
    keeper.noteChanges(current);
  };
  return { keeper, save, edit, now: () => current };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('DraftKeeper', () => {
  it('sees no change before tracking starts (the editor rewrites the body as it opens)', async () => {
    const { keeper, save, edit } = make();
    edit('avant');
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).not.toHaveBeenCalled();
    expect(await keeper.saveAll()).toBe(true);
    expect(save).not.toHaveBeenCalled();
  });

  it('saves a change a moment after it, once tracking', async () => {
    const { keeper, save, edit } = make();
    keeper.track();
    edit('Résultats');
    await vi.advanceTimersByTimeAsync(2100);
    expect(save).toHaveBeenCalledOnce();
    expect(save.mock.calls[0]?.[0].subject).toBe('Résultats');
    expect(keeper.isSaved({ ...emptyComposition('pro', from), subject: 'Résultats' })).toBe(true);
  });

  it('takes the composition it was opened with for saved', async () => {
    const { keeper, save, now } = make();
    keeper.track();
    keeper.noteChanges(now());
    expect(keeper.scheduler.dirty).toBe(false);
    expect(await keeper.close()).toBe(true);
    expect(save).not.toHaveBeenCalled();
    expect(keeper.finished).toBe(true);
  });

  it('does not count the composition being saved as a new change', async () => {
    let release = () => {};
    const save = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const { keeper, edit, now } = make(save);
    keeper.track();
    edit('x');
    const saving = keeper.saveAll();
    keeper.noteChanges(now());
    expect(keeper.scheduler.dirty).toBe(false);
    release();
    expect(await saving).toBe(true);
    expect(save).toHaveBeenCalledOnce();
  });

  it('keeps the window open when closing cannot save', async () => {
    const save = vi.fn(async () => {
      throw new Error('disk full');
    });
    const { keeper, edit } = make(save);
    keeper.track();
    edit('x');
    expect(await keeper.close()).toBe(false);
    expect(keeper.finished).toBe(false);
    expect(keeper.scheduler.dirty).toBe(true);
  });

  it('saves nothing once finished', async () => {
    const { keeper, save, edit } = make();
    keeper.track();
    keeper.finish();
    edit('trop tard');
    await vi.advanceTimersByTimeAsync(40000);
    expect(await keeper.saveAll()).toBe(true);
    expect(save).not.toHaveBeenCalled();
  });
});
