import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutosaveScheduler, type AutosaveState } from './autosave';

function make(save = vi.fn(async () => {})) {
  const states: AutosaveState['kind'][] = [];
  const scheduler = new AutosaveScheduler({
    save,
    delay: 2000,
    maxWait: 30000,
    onState: (state) => states.push(state.kind),
    now: () => new Date('2025-03-12T15:44:00'),
  });
  return { scheduler, save, states };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('AutosaveScheduler', () => {
  it('saves a couple of seconds after the last change, once', async () => {
    const { scheduler, save, states } = make();
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(1500);
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(1500);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(600);
    expect(save).toHaveBeenCalledOnce();
    expect(states).toEqual(['dirty', 'dirty', 'saving', 'saved']);
    expect(scheduler.state).toEqual({ kind: 'saved', at: new Date('2025-03-12T15:44:00') });
  });

  it('saves at least every 30 s while changes keep coming', async () => {
    const { scheduler, save } = make();
    for (let elapsed = 0; elapsed < 31_000; elapsed += 1000) {
      scheduler.changed();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(save).toHaveBeenCalledOnce();
    for (let elapsed = 0; elapsed < 30_000; elapsed += 1000) {
      scheduler.changed();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('does nothing when nothing changed', async () => {
    const { scheduler, save } = make();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await scheduler.flush()).toBe(true);
    expect(save).not.toHaveBeenCalled();
  });

  it('never saves twice at once, and saves again what changed meanwhile', async () => {
    let finish: () => void = () => {};
    const save = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { scheduler } = make(save);
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledOnce();
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledOnce();
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.state.kind).toBe('dirty');
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(2);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.state.kind).toBe('saved');
  });

  it('flush saves right away and reports success', async () => {
    const { scheduler, save } = make();
    scheduler.changed();
    expect(await scheduler.flush()).toBe(true);
    expect(save).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledOnce();
  });

  it('keeps the changes pending after a failure and tries again later', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue(undefined);
    const { scheduler } = make(save);
    scheduler.changed();
    expect(await scheduler.flush()).toBe(false);
    expect(scheduler.state.kind).toBe('error');
    expect(scheduler.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(scheduler.state.kind).toBe('saved');
  });

  it('stops for good once the message is sent or discarded', async () => {
    const { scheduler, save } = make();
    scheduler.changed();
    scheduler.stop();
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await scheduler.flush()).toBe(true);
    expect(save).not.toHaveBeenCalled();
  });
});

describe('AutosaveScheduler while sending', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts no save while suspended, but flush still saves, and resume catches up', async () => {
    const { scheduler, save } = make();
    scheduler.changed();
    scheduler.suspend();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).not.toHaveBeenCalled();
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledOnce();
    scheduler.suspend();
    scheduler.changed();
    expect(await scheduler.flush()).toBe(true);
    expect(save).toHaveBeenCalledTimes(2);
  });
});
