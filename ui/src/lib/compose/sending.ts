// Sending from the compose window: the engine's checks first, then the message leaves, through
// the draft when there is one so that it leaves the drafts as it is sent.
import type { Composition } from '../bindings/Composition';
import type { ExplainedProblem } from '../bindings/ExplainedProblem';
import type { OutboxEntry } from '../bindings/OutboxEntry';
import type { DraftKeeper } from './drafts';

export type SendOutcome =
  | { kind: 'problems'; problems: ExplainedProblem[] }
  | { kind: 'sent'; entry: OutboxEntry };

export type SendSteps = {
  check: (composition: Composition) => Promise<ExplainedProblem[]>;
  sendMessage: (composition: Composition) => Promise<OutboxEntry>;
  sendDraft: (draftId: number) => Promise<OutboxEntry>;
  deleteDraft: (draftId: number) => Promise<void>;
  /** Read again after each save: the first save of a new message gives it its id. */
  draftId: () => number | null;
  /** The checks passed: what they said before no longer holds. */
  onChecked: () => void;
  /** A draft left behind could not be deleted (the message itself has gone). */
  onStaleDraftError: (error: unknown) => void;
};

/** The problems when the engine finds some (nothing sent); throws when sending fails. */
export async function sendComposition(keeper: DraftKeeper, steps: SendSteps): Promise<SendOutcome> {
  const { scheduler } = keeper;
  const current = () => keeper.current();
  // No automatic save may start while the message leaves (it would leave a draft behind).
  scheduler.suspend();
  try {
    await scheduler.settled();
    const problems = await steps.check(current());
    if (problems.length > 0) {
      scheduler.resume();
      return { kind: 'problems', problems };
    }
    steps.onChecked();
    let entry: OutboxEntry;
    const opened = steps.draftId();
    if (opened === null) {
      entry = await steps.sendMessage(current());
    } else {
      // The draft first takes exactly what leaves.
      keeper.noteChanges();
      const saved = await scheduler.flush();
      const draftId = steps.draftId() ?? opened;
      if (saved && keeper.isSaved(current())) {
        entry = await steps.sendDraft(draftId);
      } else {
        entry = await steps.sendMessage(current());
        steps.deleteDraft(draftId).catch(steps.onStaleDraftError);
      }
    }
    keeper.finish();
    return { kind: 'sent', entry };
  } catch (error) {
    scheduler.resume();
    throw error;
  }
}
