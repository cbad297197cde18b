// The INS checked by the engine as it is typed: a moment after the last keystroke, and only
// the answer about what the field still holds counts.
import type { ExplainedProblem } from '../bindings/ExplainedProblem';
import { insProblemIn } from './problems';

export const INS_CHECK_DELAY = 300;

export class InsCheck {
  problem = $state.raw<ExplainedProblem | null>(null);
  valid = $state(false);
  checking = $state(false);

  readonly #check: () => Promise<ExplainedProblem[]>;
  readonly #delay: number;

  /** `check` asks the engine about the composition as it is when the delay ends. */
  constructor(check: () => Promise<ExplainedProblem[]>, delay = INS_CHECK_DELAY) {
    this.#check = check;
    this.#delay = delay;
  }

  /**
   * The field now holds `value` (trimmed); `now` reads what it holds when the answer comes.
   * Returns what cancels the pending check (for an effect's cleanup).
   */
  update(value: string, now: () => string): () => void {
    if (value === '') {
      this.problem = null;
      this.valid = false;
      this.checking = false;
      return () => {};
    }
    this.checking = true;
    const timer = setTimeout(() => {
      this.#check().then(
        (found) => {
          if (now() !== value) return;
          this.problem = insProblemIn(found);
          this.valid = this.problem === null;
          this.checking = false;
        },
        () => {
          this.checking = false;
        },
      );
    }, this.#delay);
    return () => clearTimeout(timer);
  }
}
