// Lazy, paged loading of a long list: pages are fetched when their rows come into view,
// kept, and refreshed in place (old rows stay visible until the new ones arrive).

export type FetchPage<T> = (offset: number, limit: number) => Promise<T[]>;

export type PageCacheEvents = {
  /** Rows were added or replaced: re-read them. */
  onChange?: () => void;
  /**
   * What a page taught about the list's length: `exact` when a page came back short,
   * otherwise `atLeast` (a full page: there may be more).
   */
  onLength?: (length: { exact: number } | { atLeast: number }) => void;
  onError?: (error: unknown) => void;
};

export class PageCache<T> {
  readonly pageSize: number;
  private pages = new Map<number, T[]>();
  private pending = new Set<number>();
  private failed = new Set<number>();
  private generation = 0;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    private readonly events: PageCacheEvents = {},
    pageSize = 200,
  ) {
    this.pageSize = pageSize;
  }

  /** The row at `index`, when its page is loaded. */
  at(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  get loadedPages(): number {
    return this.pages.size;
  }

  get isLoading(): boolean {
    return this.pending.size > 0;
  }

  get hasFailed(): boolean {
    return this.failed.size > 0;
  }

  /** Loaded rows with their indices, in list order. */
  entries(): Array<[number, T]> {
    const out: Array<[number, T]> = [];
    for (const page of [...this.pages.keys()].sort((a, b) => a - b)) {
      this.pages.get(page)!.forEach((row, i) => out.push([page * this.pageSize + i, row]));
    }
    return out;
  }

  /** Index of the first loaded row matching, or -1. */
  findIndex(match: (row: T) => boolean): number {
    for (const [index, row] of this.entries()) if (match(row)) return index;
    return -1;
  }

  /** Loads the missing pages among `pages` (failed ones wait for `retry`). */
  ensure(pages: number[]): Promise<void> {
    const wanted = pages.filter((p) => p >= 0 && !this.pages.has(p) && !this.pending.has(p) && !this.failed.has(p));
    return Promise.all(wanted.map((p) => this.load(p, this.generation))).then(() => undefined);
  }

  /** Lets failed pages load again, then loads `pages`. */
  retry(pages: number[]): Promise<void> {
    this.failed.clear();
    return this.ensure(pages);
  }

  /**
   * Re-fetches `pages` (the visible ones) and then forgets every other page, which will
   * load again when scrolled to. Until then the old rows stay on screen.
   */
  async refresh(pages: number[]): Promise<void> {
    const generation = ++this.generation;
    this.pending.clear();
    this.failed.clear();
    const fresh = new Map<number, T[]>();
    let failure: { error: unknown } | null = null;
    await Promise.all(
      pages.map(async (page) => {
        try {
          fresh.set(page, await this.fetchPage(page * this.pageSize, this.pageSize));
        } catch (error) {
          failure ??= { error };
        }
      }),
    );
    if (generation !== this.generation) return;
    if (failure) {
      // Keep showing what we had: a failed refresh must not blank the list.
      this.events.onError?.((failure as { error: unknown }).error);
      return;
    }
    this.pages = fresh;
    for (const [page, rows] of fresh) this.report(page, rows);
    this.events.onChange?.();
  }

  /** Forgets everything; responses still in flight are ignored. */
  clear(): void {
    this.generation += 1;
    this.pages.clear();
    this.pending.clear();
    this.failed.clear();
  }

  private async load(page: number, generation: number): Promise<void> {
    this.pending.add(page);
    try {
      const rows = await this.fetchPage(page * this.pageSize, this.pageSize);
      if (generation !== this.generation) return;
      this.pages.set(page, rows);
      this.report(page, rows);
      this.events.onChange?.();
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed.add(page);
      this.events.onError?.(error);
    } finally {
      if (generation === this.generation) this.pending.delete(page);
    }
  }

  private report(page: number, rows: T[]): void {
    const offset = page * this.pageSize;
    if (rows.length < this.pageSize) {
      // A short (or empty) page ends the list; an earlier page not loaded yet corrects it if needed.
      this.events.onLength?.({ exact: offset + rows.length });
    } else {
      this.events.onLength?.({ atLeast: offset + rows.length });
    }
  }
}
