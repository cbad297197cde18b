// A folder's messages as the list reads them: pages loaded as they come into view, the count
// (exact once the last page is known), and whether loading failed. One cache per folder, sort
// and presence: answers for an earlier one are ignored.
import { toAppError } from '../backend';
import type { AppError } from '../bindings/AppError';
import type { Folder } from '../bindings/Folder';
import type { ListQuery } from '../bindings/ListQuery';
import type { MessageSummary } from '../bindings/MessageSummary';
import type { Presence } from '../bindings/Presence';
import type { Sort } from './format';
import { PageCache } from './pages';
import { folderQuery, folderTotal } from './view';

export const PAGE_SIZE = 200;

export class FolderPages {
  /** Bumped when the cache changes: whatever reads rows through `at` reads them again. */
  version = $state(0);
  total = $state(0);
  loading = $state(false);
  error = $state.raw<AppError | null>(null);

  readonly #list: (query: ListQuery) => Promise<MessageSummary[]>;
  readonly #pageSize: number;
  /** Not reactive itself: `version` says when it changed. */
  #cache: PageCache<MessageSummary> | null = null;

  constructor(list: (query: ListQuery) => Promise<MessageSummary[]>, pageSize = PAGE_SIZE) {
    this.#list = list;
    this.#pageSize = pageSize;
  }

  get pageSize(): number {
    return this.#pageSize;
  }

  /** Whether a folder is open (not a search, not the app still loading). */
  get open(): boolean {
    return this.#cache !== null;
  }

  /** Starts over on this folder: the first page and `pages` (those in view) are loaded. */
  start(folder: Folder, sort: Sort, presence: Presence, pages: readonly number[]): void {
    this.stop();
    const query = folderQuery(folder, sort, presence);
    const created: PageCache<MessageSummary> = new PageCache<MessageSummary>(
      (offset, limit) => this.#list({ ...query, limit, offset }),
      {
        onChange: () => {
          if (this.#cache !== created) return;
          this.loading = false;
          this.version += 1;
        },
        onLength: (length) => {
          if (this.#cache !== created) return;
          this.total = 'exact' in length ? length.exact : Math.max(this.total, length.atLeast);
        },
        onError: (error) => {
          if (this.#cache !== created) return;
          this.loading = false;
          this.error = toAppError(error);
        },
      },
      this.#pageSize,
    );
    this.#cache = created;
    this.total = folderTotal(folder, presence);
    this.loading = true;
    void created.ensure([0, ...pages]);
  }

  /** No folder any more (a search, or nothing to show). */
  stop(): void {
    this.error = null;
    this.#cache?.clear();
    this.#cache = null;
    this.version += 1;
    this.loading = false;
  }

  /** The folder list reloaded with fresh counts: trust them (pages correct them when short). */
  setTotal(total: number): void {
    if (this.#cache) this.total = total;
  }

  at(index: number): MessageSummary | undefined {
    void this.version;
    return this.#cache?.at(index);
  }

  /** -1 for a message not loaded. */
  indexOf(id: number): number {
    return this.#cache?.findIndex((m) => m.id === id) ?? -1;
  }

  /** The messages loaded, in list order. */
  ids(): number[] {
    void this.version;
    return this.#cache?.entries().map(([, m]) => m.id) ?? [];
  }

  get loadedPages(): number {
    void this.version;
    return this.#cache?.loadedPages ?? 0;
  }

  ensure(pages: number[]): void {
    if (this.#cache) void this.#cache.ensure(pages);
  }

  retry(pages: number[]): void {
    this.error = null;
    if (!this.#cache) return;
    this.loading = this.#cache.loadedPages === 0;
    void this.#cache.retry(pages);
  }

  /**
   * Loads `pages` again. Resolves with which of the `checked` messages may stay checked (those
   * that were on a refreshed page must still be there), or null when the folder changed meanwhile.
   */
  async refresh(pages: number[], checked: Iterable<number>): Promise<((id: number) => boolean) | null> {
    const current = this.#cache;
    if (!current) return null;
    const before = new Map([...checked].map((id) => [id, current.findIndex((m) => m.id === id)]));
    await current.refresh(pages);
    if (this.#cache !== current) return null;
    const refreshed = new Set(pages);
    return (id) => {
      const old = before.get(id) ?? -1;
      if (old < 0 || !refreshed.has(Math.floor(old / this.#pageSize))) return true;
      return current.findIndex((m) => m.id === id) >= 0;
    };
  }
}
