import { describe, expect, it, vi } from 'vitest';
import type { ListQuery } from '../bindings/ListQuery';
import type { MessageSummary } from '../bindings/MessageSummary';
import { FolderPages } from './folderPages.svelte';
import { folder, summary } from './testing';

const SORT = { key: 'date', descending: true } as const;
const INBOX = folder({ total: 5 });

function messages(ids: number[]): MessageSummary[] {
  return ids.map((id) => summary({ id }));
}

/** Pages of 2 over `rows()`, answered at once. */
function make(rows: () => MessageSummary[]) {
  const list = vi.fn(async (q: ListQuery) => rows().slice(q.offset, q.offset + q.limit));
  return { pages: new FolderPages(list, 2), list };
}

describe('FolderPages', () => {
  it('loads the first page and those in view, with the folder’s count until the end is known', async () => {
    const { pages, list } = make(() => messages([1, 2, 3, 4, 5]));
    expect(pages.open).toBe(false);
    pages.start(INBOX, SORT, 'all', [2]);
    expect(pages.open).toBe(true);
    expect(pages.loading).toBe(true);
    expect(pages.total).toBe(5);
    await vi.waitFor(() => expect(pages.loadedPages).toBe(2));
    expect(list).toHaveBeenCalledWith({ account: 'me@x.fr', folder: 'INBOX', sort: 'date', descending: true, presence: 'all', limit: 2, offset: 0 });
    expect(list).toHaveBeenCalledWith(expect.objectContaining({ offset: 4 }));
    expect(pages.loading).toBe(false);
    expect(pages.ids()).toEqual([1, 2, 5]);
    expect(pages.at(4)?.id).toBe(5);
    expect(pages.at(2)).toBeUndefined();
    expect(pages.indexOf(5)).toBe(4);
    expect(pages.indexOf(3)).toBe(-1);
    // The short last page tells the exact count.
    expect(pages.total).toBe(5);
  });

  it('corrects the count from a short page', async () => {
    const { pages } = make(() => messages([1, 2, 3]));
    pages.start(folder({ total: 8 }), SORT, 'all', [1]);
    await vi.waitFor(() => expect(pages.total).toBe(3));
  });

  it('keeps the error of a page that failed, and retries it', async () => {
    let fail = true;
    const { pages } = make(() => {
      if (fail) throw { code: 'store', message: 'disque' };
      return messages([1, 2]);
    });
    pages.start(INBOX, SORT, 'all', []);
    await vi.waitFor(() => expect(pages.error).not.toBeNull());
    expect(pages.loading).toBe(false);
    fail = false;
    pages.retry([0]);
    expect(pages.error).toBeNull();
    expect(pages.loading).toBe(true);
    await vi.waitFor(() => expect(pages.ids()).toEqual([1, 2]));
  });

  it('ignores the answers for a folder left meanwhile', async () => {
    let release: (rows: MessageSummary[]) => void = () => {};
    const list = vi.fn(() => new Promise<MessageSummary[]>((resolve) => (release = resolve)));
    const pages = new FolderPages(list, 2);
    pages.start(INBOX, SORT, 'all', []);
    pages.stop();
    release(messages([1, 2]));
    await Promise.resolve();
    expect(pages.open).toBe(false);
    expect(pages.ids()).toEqual([]);
    expect(pages.loading).toBe(false);
  });

  it('takes the folder list’s fresh count only while a folder is open', () => {
    const { pages } = make(() => []);
    pages.setTotal(7);
    expect(pages.total).toBe(0);
    pages.start(INBOX, SORT, 'all', []);
    pages.setTotal(7);
    expect(pages.total).toBe(7);
  });

  it('after a refresh, unchecks only the messages gone from the refreshed pages', async () => {
    let rows = messages([1, 2, 3, 4]);
    const { pages } = make(() => rows);
    pages.start(INBOX, SORT, 'all', [1]);
    await vi.waitFor(() => expect(pages.loadedPages).toBe(2));
    rows = messages([1, 3, 4]);
    const keep = await pages.refresh([0], [2, 4, 99]);
    expect(keep).not.toBeNull();
    // 2 was on page 0, refreshed, and is gone; 4 was on page 1, not refreshed; 99 was never loaded.
    expect([2, 4, 99].filter((id) => keep!(id))).toEqual([4, 99]);
  });

  it('refreshes nothing without a folder', async () => {
    const { pages } = make(() => []);
    expect(await pages.refresh([0], [1])).toBeNull();
  });
});
