import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExplainedProblem } from '../bindings/ExplainedProblem';
import { INS_CHECK_DELAY, InsCheck } from './insCheck.svelte';

const problem = (kind: string) => ({ problem: { kind }, text: { key: kind, args: {} } }) as unknown as ExplainedProblem;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('InsCheck', () => {
  it('asks the engine a moment after typing and shows its problem about the INS', async () => {
    const check = vi.fn(async () => [problem('subject'), problem('ins')]);
    const ins = new InsCheck(check);
    ins.update('1 85', () => '1 85');
    expect(ins.checking).toBe(true);
    await vi.advanceTimersByTimeAsync(INS_CHECK_DELAY - 1);
    expect(check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledOnce();
    expect(ins.problem).toEqual(problem('ins'));
    expect(ins.valid).toBe(false);
    expect(ins.checking).toBe(false);
  });

  it('says the INS is valid when the engine has nothing to say about it', async () => {
    const ins = new InsCheck(async () => [problem('subject')]);
    ins.update('185057800608436', () => '185057800608436');
    await vi.advanceTimersByTimeAsync(INS_CHECK_DELAY);
    expect(ins.problem).toBeNull();
    expect(ins.valid).toBe(true);
  });

  it('ignores the answer about what the field no longer holds', async () => {
    let now = '1 85';
    const ins = new InsCheck(async () => [problem('ins')]);
    ins.update('1 85', () => now);
    now = '1 850';
    await vi.advanceTimersByTimeAsync(INS_CHECK_DELAY);
    expect(ins.problem).toBeNull();
    expect(ins.checking).toBe(true);
  });

  it('asks nothing when cancelled before the delay (typing went on)', async () => {
    const check = vi.fn(async () => []);
    const ins = new InsCheck(check);
    const cancel = ins.update('1', () => '1');
    cancel();
    await vi.advanceTimersByTimeAsync(INS_CHECK_DELAY * 2);
    expect(check).not.toHaveBeenCalled();
  });

  it('forgets everything when the field is emptied', async () => {
    const ins = new InsCheck(async () => [problem('ins')]);
    ins.update('1', () => '1');
    await vi.advanceTimersByTimeAsync(INS_CHECK_DELAY);
    ins.update('', () => '');
    expect(ins).toMatchObject({ problem: null, valid: false, checking: false });
  });

  it('stops saying it checks when the engine cannot answer', async () => {
    const ins = new InsCheck(async () => {
      throw new Error('engine');
    });
    ins.update('1', () => '1');
    await vi.advanceTimersByTimeAsync(INS_CHECK_DELAY);
    expect(ins.checking).toBe(false);
    expect(ins.problem).toBeNull();
  });
});
