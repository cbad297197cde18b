import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Composition } from '../bindings/Composition';
import type { ExplainedProblem } from '../bindings/ExplainedProblem';
import type { OutboxEntry } from '../bindings/OutboxEntry';
import { emptyComposition } from './composition';
import { DraftKeeper } from './drafts';
import { sendComposition, type SendSteps } from './sending';

const from = { address: 'dr@medecin.mssante.fr', name: 'Dr' };
const entry = { id: 9, message_id: 'abc@medimail' } as OutboxEntry;
const missingSubject: ExplainedProblem = { problem: { kind: 'missing_subject' } as ExplainedProblem['problem'], text: { key: 'problem-missing_subject', args: {} } };

function make(opened: number | null = null) {
  let current: Composition = { ...emptyComposition('pro', from), to: ['a@b.fr'], subject: 'Bonjour' };
  let draftId = opened;
  const save = vi.fn(async (_c: Composition) => {
    draftId ??= 41;
  });
  const keeper = new DraftKeeper({ current: () => current, save });
  keeper.track();
  const steps = {
    check: vi.fn(async (_c: Composition): Promise<ExplainedProblem[]> => []),
    sendMessage: vi.fn(async (_c: Composition) => entry),
    sendDraft: vi.fn(async (_id: number) => entry),
    deleteDraft: vi.fn(async (_id: number) => {}),
    draftId: () => draftId,
    onChecked: vi.fn(),
    onStaleDraftError: vi.fn(),
  } satisfies SendSteps;
  const edit = (subject: string) => {
    current = { ...current, subject };
    keeper.noteChanges(current);
  };
  return { keeper, steps, save, edit };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('sendComposition', () => {
  it('sends a new message as it is, without saving a draft first', async () => {
    const { keeper, steps, save, edit } = make();
    edit('Compte rendu');
    expect(await sendComposition(keeper, steps)).toEqual({ kind: 'sent', entry });
    expect(steps.check).toHaveBeenCalledWith(expect.objectContaining({ subject: 'Compte rendu' }));
    expect(steps.onChecked).toHaveBeenCalledOnce();
    expect(steps.sendMessage).toHaveBeenCalledWith(expect.objectContaining({ subject: 'Compte rendu' }));
    expect(steps.sendDraft).not.toHaveBeenCalled();
    expect(save).not.toHaveBeenCalled();
    expect(keeper.finished).toBe(true);
    // The autosave's timer must not leave a draft behind the message.
    await vi.advanceTimersByTimeAsync(60000);
    expect(save).not.toHaveBeenCalled();
  });

  it('returns the engine’s problems, sends nothing and lets autosave go on', async () => {
    const { keeper, steps, save, edit } = make();
    steps.check.mockResolvedValue([missingSubject]);
    edit('');
    expect(await sendComposition(keeper, steps)).toEqual({ kind: 'problems', problems: [missingSubject] });
    expect(steps.onChecked).not.toHaveBeenCalled();
    expect(steps.sendMessage).not.toHaveBeenCalled();
    expect(keeper.finished).toBe(false);
    await vi.advanceTimersByTimeAsync(2100);
    expect(save).toHaveBeenCalledOnce();
  });

  it('sends an opened draft through sendDraft once it holds what leaves', async () => {
    const { keeper, steps, save, edit } = make(12);
    edit('Complété');
    expect(await sendComposition(keeper, steps)).toEqual({ kind: 'sent', entry });
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ subject: 'Complété' }));
    expect(steps.sendDraft).toHaveBeenCalledWith(12);
    expect(steps.sendMessage).not.toHaveBeenCalled();
    expect(steps.deleteDraft).not.toHaveBeenCalled();
  });

  it('sends the message itself and deletes the draft when the draft cannot be saved', async () => {
    const { keeper, steps, save, edit } = make(12);
    save.mockRejectedValue(new Error('disk full'));
    const lost = new Error('gone');
    steps.deleteDraft.mockRejectedValue(lost);
    edit('Complété');
    expect(await sendComposition(keeper, steps)).toEqual({ kind: 'sent', entry });
    expect(steps.sendMessage).toHaveBeenCalledWith(expect.objectContaining({ subject: 'Complété' }));
    expect(steps.sendDraft).not.toHaveBeenCalled();
    expect(steps.deleteDraft).toHaveBeenCalledWith(12);
    await vi.waitFor(() => expect(steps.onStaleDraftError).toHaveBeenCalledWith(lost));
  });

  it('throws when sending fails, with autosave running again', async () => {
    const { keeper, steps, save, edit } = make();
    const refused = new Error('smtp');
    steps.sendMessage.mockRejectedValue(refused);
    edit('x');
    await expect(sendComposition(keeper, steps)).rejects.toBe(refused);
    expect(keeper.finished).toBe(false);
    await vi.advanceTimersByTimeAsync(2100);
    expect(save).toHaveBeenCalledOnce();
  });

  it('waits for a save already running before checking', async () => {
    let release = () => {};
    const { keeper, steps, save, edit } = make(12);
    save.mockImplementation(() => new Promise<void>((resolve) => (release = resolve)));
    edit('x');
    const flushing = keeper.saveAll();
    const sending = sendComposition(keeper, steps);
    await vi.advanceTimersByTimeAsync(0);
    expect(steps.check).not.toHaveBeenCalled();
    release();
    await flushing;
    expect(await sending).toEqual({ kind: 'sent', entry });
    expect(steps.sendDraft).toHaveBeenCalledWith(12);
  });
});
