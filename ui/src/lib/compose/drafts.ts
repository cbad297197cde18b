// What the compose window knows about its draft: which composition was saved last (so that
// opening a message, or a save already under way, is not taken for a change), whether the
// practitioner has started (the editor spells the body its own way before that), and whether
// the message has gone (sent or discarded: nothing may be saved after that).
import type { Composition } from '../bindings/Composition';
import { AutosaveScheduler, type AutosaveState } from './autosave';
import { sameComposition } from './composition';

export type DraftKeeperOptions = {
  /** The composition as the window shows it now (read again at every step). */
  current: () => Composition;
  /** Writes the draft; throwing keeps the changes pending. */
  save: (composition: Composition) => Promise<void>;
  onState?: (state: AutosaveState) => void;
  delay?: number;
  maxWait?: number;
};

export class DraftKeeper {
  readonly scheduler: AutosaveScheduler;
  readonly #current: () => Composition;
  readonly #save: (composition: Composition) => Promise<void>;
  /** The last composition saved (or the one opened): what "changed" is measured against. */
  #lastSaved: Composition | null = null;
  /** What a save in progress writes. */
  #saving: Composition | null = null;
  #tracking = false;
  #finished = false;

  constructor(options: DraftKeeperOptions) {
    this.#current = options.current;
    this.#save = options.save;
    this.scheduler = new AutosaveScheduler({
      save: () => this.#persist(),
      delay: options.delay,
      maxWait: options.maxWait,
      onState: options.onState,
    });
  }

  current(): Composition {
    return this.#current();
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** From now on, what differs from the current composition is a change. */
  track(): void {
    this.#lastSaved = this.current();
    this.#tracking = true;
  }

  /** Whether the draft holds exactly this composition. */
  isSaved(composition: Composition): boolean {
    return sameComposition(composition, this.#lastSaved);
  }

  /** Tells the scheduler about a change, when it is one. */
  noteChanges(composition: Composition = this.current()): void {
    if (
      this.#tracking &&
      !this.#finished &&
      !sameComposition(composition, this.#lastSaved) &&
      !sameComposition(composition, this.#saving)
    ) {
      this.scheduler.changed();
    }
  }

  /**
   * Saves what is pending now (the window goes away or is hidden); resolves with whether
   * everything is saved. Before tracking starts and once finished, there is nothing to save.
   */
  async saveAll(): Promise<boolean> {
    if (this.#finished || !this.#tracking) return true;
    this.noteChanges();
    return this.scheduler.flush();
  }

  /** Saves and, when that worked, stops: the window may close. */
  async close(): Promise<boolean> {
    this.noteChanges();
    const saved = await this.scheduler.flush();
    if (saved) this.finish();
    return saved;
  }

  /** The message has gone: no save any more. */
  finish(): void {
    this.#finished = true;
    this.scheduler.stop();
  }

  async #persist(): Promise<void> {
    const current = this.current();
    if (sameComposition(current, this.#lastSaved)) return;
    this.#saving = current;
    try {
      await this.#save(current);
      this.#lastSaved = current;
    } finally {
      this.#saving = null;
    }
  }
}
