import { describe, expect, it, vi } from 'vitest';
import type { MessageSummary } from '../bindings/MessageSummary';
import { MessageSearch, SEARCH_LIMIT } from './messageSearch.svelte';
import { summary } from './testing';

describe('MessageSearch', () => {
  it('searches as typed (the last word as a prefix) in the account, and keeps the results', async () => {
    const search = vi.fn(async () => [summary({ id: 1 })]);
    const s = new MessageSearch(search);
    const found = await s.run('dupont', 'me@x.fr');
    expect(found?.map((m) => m.id)).toEqual([1]);
    expect(search).toHaveBeenCalledWith(expect.stringContaining('dupont'), SEARCH_LIMIT, 'me@x.fr');
    expect(s.results.map((m) => m.id)).toEqual([1]);
    expect(s.searching).toBe(false);
    expect(s.error).toBeNull();
  });

  it('searches every account without one', async () => {
    const search = vi.fn(async () => []);
    await new MessageSearch(search).run('x', null);
    expect(search).toHaveBeenCalledWith(expect.any(String), SEARCH_LIMIT, undefined);
  });

  it('keeps only the answer to the latest search', async () => {
    const answers: Array<(rows: MessageSummary[]) => void> = [];
    const s = new MessageSearch(() => new Promise((resolve) => answers.push(resolve)));
    const first = s.run('du', null);
    const second = s.run('dupont', null);
    answers[1]!([summary({ id: 2 })]);
    expect((await second)?.map((m) => m.id)).toEqual([2]);
    answers[0]!([summary({ id: 1 })]);
    expect(await first).toBeNull();
    expect(s.results.map((m) => m.id)).toEqual([2]);
  });

  it('reports a failed search with no results', async () => {
    const s = new MessageSearch(async () => {
      throw { code: 'store', message: 'index' };
    });
    expect(await s.run('x', null)).toBeNull();
    expect(s.results).toEqual([]);
    expect(s.error).toEqual({ code: 'store', message: 'index' });
    expect(s.searching).toBe(false);
  });

  it('drops an answer that comes after clear', async () => {
    let answer: (rows: MessageSummary[]) => void = () => {};
    const s = new MessageSearch(() => new Promise((resolve) => (answer = resolve)));
    s.pending();
    expect(s.searching).toBe(true);
    const running = s.run('x', null);
    s.clear();
    answer([summary({ id: 1 })]);
    expect(await running).toBeNull();
    expect(s.results).toEqual([]);
    expect(s.searching).toBe(false);
  });
});
