import { describe, expect, it, vi } from 'vitest';
import { PageCache } from './pages';

/** A list of `length` numbers served by pages, recording each request. */
function source(length: number) {
  const calls: Array<[number, number]> = [];
  let items = Array.from({ length }, (_, i) => i);
  const fetch = vi.fn(async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    return items.slice(offset, offset + limit);
  });
  return { fetch, calls, set: (next: number[]) => (items = next) };
}

describe('PageCache', () => {
  it('loads the pages asked for, once, and serves rows by index', async () => {
    const { fetch, calls } = source(1000);
    const onChange = vi.fn();
    const cache = new PageCache(fetch, { onChange }, 100);
    expect(cache.at(5)).toBeUndefined();
    await cache.ensure([0, 2]);
    await cache.ensure([0, 2]);
    expect(calls).toEqual([
      [0, 100],
      [200, 100],
    ]);
    expect(cache.at(5)).toBe(5);
    expect(cache.at(250)).toBe(250);
    expect(cache.at(150)).toBeUndefined();
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(cache.entries().map(([i]) => i)).toHaveLength(200);
    expect(cache.findIndex((n) => n === 210)).toBe(210);
  });

  it('does not ask twice for a page already on its way', async () => {
    const { fetch } = source(300);
    const cache = new PageCache(fetch, {}, 100);
    await Promise.all([cache.ensure([1]), cache.ensure([1])]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reports the exact length from a short page, a lower bound from a full one', async () => {
    const { fetch } = source(250);
    const onLength = vi.fn();
    const cache = new PageCache(fetch, { onLength }, 100);
    await cache.ensure([0]);
    expect(onLength).toHaveBeenLastCalledWith({ atLeast: 100 });
    await cache.ensure([2]);
    expect(onLength).toHaveBeenLastCalledWith({ exact: 250 });
    await cache.ensure([4]);
    expect(onLength).toHaveBeenLastCalledWith({ exact: 400 });
  });

  it('ignores answers that arrive after a clear', async () => {
    let release: (rows: number[]) => void = () => {};
    const fetch = vi.fn(() => new Promise<number[]>((resolve) => (release = resolve)));
    const onChange = vi.fn();
    const cache = new PageCache(fetch, { onChange }, 10);
    const pending = cache.ensure([0]);
    cache.clear();
    release([1, 2, 3]);
    await pending;
    expect(cache.at(0)).toBeUndefined();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('reports a failure once, then waits for retry', async () => {
    const fetch = vi.fn().mockRejectedValueOnce({ code: 'store', message: 'x' }).mockResolvedValue([7]);
    const onError = vi.fn();
    const cache = new PageCache<number>(fetch, { onError }, 10);
    await cache.ensure([0]);
    expect(onError).toHaveBeenCalledWith({ code: 'store', message: 'x' });
    expect(cache.hasFailed).toBe(true);
    await cache.ensure([0]);
    expect(fetch).toHaveBeenCalledTimes(1);
    await cache.retry([0]);
    expect(cache.at(0)).toBe(7);
    expect(cache.hasFailed).toBe(false);
  });

  it('refreshes the visible pages in place and forgets the others', async () => {
    const { fetch, set } = source(300);
    const cache = new PageCache(fetch, {}, 100);
    await cache.ensure([0, 1, 2]);
    set(Array.from({ length: 300 }, (_, i) => i + 1000));
    const refreshing = cache.refresh([1]);
    // The old rows stay visible while the new ones are on their way.
    expect(cache.at(150)).toBe(150);
    await refreshing;
    expect(cache.at(150)).toBe(1150);
    expect(cache.at(5)).toBeUndefined();
    expect(cache.loadedPages).toBe(1);
  });

  it('keeps the old rows when a refresh fails', async () => {
    const fetch = vi.fn().mockResolvedValueOnce([1, 2]).mockRejectedValueOnce({ code: 'busy', message: '' });
    const onError = vi.fn();
    const cache = new PageCache<number>(fetch, { onError }, 10);
    await cache.ensure([0]);
    await cache.refresh([0]);
    expect(cache.at(1)).toBe(2);
    expect(onError).toHaveBeenCalledOnce();
  });
});
