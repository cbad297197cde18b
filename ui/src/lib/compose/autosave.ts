// When a draft is saved: a couple of seconds after the last change, and at least every 30 s
// while the practitioner keeps typing; never twice at once; right away when asked (closing).

export type AutosaveState =
  /** Nothing changed since the window opened. */
  | { kind: 'idle' }
  /** Changes wait for the next save. */
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  /** The last save failed; another try comes with the next change or after `maxWait`. */
  | { kind: 'error'; error: unknown };

export type AutosaveOptions = {
  /** Saves the current state. Throwing keeps the changes pending. */
  save: () => Promise<void>;
  /** Quiet time after the last change before saving (ms). */
  delay?: number;
  /** Longest time changes may wait while they keep coming (ms). */
  maxWait?: number;
  onState?: (state: AutosaveState) => void;
  now?: () => Date;
};

export const AUTOSAVE_DELAY = 2_000;
export const AUTOSAVE_MAX_WAIT = 30_000;

export class AutosaveScheduler {
  readonly #save: () => Promise<void>;
  readonly #delay: number;
  readonly #maxWait: number;
  readonly #onState: (state: AutosaveState) => void;
  readonly #now: () => Date;

  #dirty = false;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #deadline: ReturnType<typeof setTimeout> | null = null;
  #inFlight: Promise<void> | null = null;
  #stopped = false;
  #suspended = false;
  #state: AutosaveState = { kind: 'idle' };

  constructor(options: AutosaveOptions) {
    this.#save = options.save;
    this.#delay = options.delay ?? AUTOSAVE_DELAY;
    this.#maxWait = options.maxWait ?? AUTOSAVE_MAX_WAIT;
    this.#onState = options.onState ?? (() => {});
    this.#now = options.now ?? (() => new Date());
  }

  get dirty(): boolean {
    return this.#dirty;
  }

  get saving(): boolean {
    return this.#inFlight !== null;
  }

  get state(): AutosaveState {
    return this.#state;
  }

  /** Something changed: (re)starts the quiet-time timer, and the 30 s deadline if none runs. */
  changed(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    if (!this.#inFlight) this.#setState({ kind: 'dirty' });
    this.#schedule();
  }

  /**
   * Saves now when something is pending; resolves once nothing is in flight, with whether
   * everything is saved (false: the save failed and the changes are still pending).
   */
  async flush(): Promise<boolean> {
    this.#clearTimers();
    if (this.#inFlight) await this.#inFlight.catch(() => {});
    if (this.#dirty && !this.#stopped) await this.#run();
    return !this.#dirty;
  }

  /** No more saves (the message was sent or the draft discarded). */
  stop(): void {
    this.#stopped = true;
    this.#dirty = false;
    this.#clearTimers();
  }

  /** No automatic save until `resume` (a send in progress); `flush` still saves. */
  suspend(): void {
    this.#suspended = true;
    this.#clearTimers();
  }

  resume(): void {
    this.#suspended = false;
    if (this.#dirty && !this.#stopped) this.#schedule();
  }

  /** Waits for a save already running (without starting one). */
  async settled(): Promise<void> {
    if (this.#inFlight) await this.#inFlight.catch(() => {});
  }

  #schedule(): void {
    if (this.#inFlight || this.#suspended) return; // rescheduled when the running save ends
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => void this.#run(), this.#delay);
    if (!this.#deadline) this.#deadline = setTimeout(() => void this.#run(), this.#maxWait);
  }

  #clearTimers(): void {
    if (this.#debounce) clearTimeout(this.#debounce);
    if (this.#deadline) clearTimeout(this.#deadline);
    this.#debounce = null;
    this.#deadline = null;
  }

  #setState(state: AutosaveState): void {
    this.#state = state;
    this.#onState(state);
  }

  #run(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    this.#clearTimers();
    if (!this.#dirty || this.#stopped) return Promise.resolve();
    this.#dirty = false;
    this.#setState({ kind: 'saving' });
    const running = (async () => {
      try {
        await this.#save();
        if (!this.#stopped) this.#setState(this.#dirty ? { kind: 'dirty' } : { kind: 'saved', at: this.#now() });
      } catch (error) {
        this.#dirty = true;
        if (!this.#stopped) this.#setState({ kind: 'error', error });
        throw error;
      } finally {
        this.#inFlight = null;
      }
    })();
    this.#inFlight = running;
    return running.then(
      () => {
        // Changes made while saving get their own save.
        if (this.#dirty && !this.#stopped) this.#schedule();
      },
      () => {
        // Try again later rather than hammering a failing store.
        if (!this.#stopped && !this.#suspended && !this.#deadline) this.#deadline = setTimeout(() => void this.#run(), this.#maxWait);
      },
    );
  }
}
