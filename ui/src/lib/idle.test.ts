import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchIdle } from './idle';

describe('watchIdle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once the window has gone unused for the delay, and not before', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const stop = watchIdle(60_000, onIdle, target);
    vi.advanceTimersByTime(55_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });

  it('counts again from each key, click or pointer movement', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const stop = watchIdle(60_000, onIdle, target);
    for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel']) {
      vi.advanceTimersByTime(50_000);
      target.dispatchEvent(new Event(type));
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(65_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops for good when told to', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    watchIdle(10_000, onIdle, target)();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
