// Search results as the user types: only the answer to the latest search counts.
import { toAppError } from '../backend';
import type { AppError } from '../bindings/AppError';
import type { MessageSummary } from '../bindings/MessageSummary';
import { asYouType } from './search';

export const SEARCH_LIMIT = 200;

export type SearchFn = (query: string, limit: number, account?: string) => Promise<MessageSummary[]>;

export class MessageSearch {
  results = $state.raw<MessageSummary[]>([]);
  searching = $state(false);
  error = $state.raw<AppError | null>(null);

  readonly #search: SearchFn;
  #seq = 0;

  constructor(search: SearchFn) {
    this.#search = search;
  }

  /** A search is coming (the as-you-type delay runs). */
  pending(): void {
    this.searching = true;
  }

  /** Resolves with the results, or null when it failed or a newer search (or `clear`) came first. */
  async run(text: string, account: string | null): Promise<MessageSummary[] | null> {
    const seq = ++this.#seq;
    this.searching = true;
    try {
      const found = await this.#search(asYouType(text), SEARCH_LIMIT, account ?? undefined);
      if (seq !== this.#seq) return null;
      this.results = found;
      this.error = null;
      return found;
    } catch (error) {
      if (seq !== this.#seq) return null;
      this.results = [];
      this.error = toAppError(error);
      return null;
    } finally {
      if (seq === this.#seq) this.searching = false;
    }
  }

  /** No search any more: answers still on their way are dropped. */
  clear(): void {
    this.#seq += 1;
    this.results = [];
    this.searching = false;
    this.error = null;
  }
}
