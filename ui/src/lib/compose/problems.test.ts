import { afterEach, describe, expect, it } from 'vitest';
import type { ExplainedProblem } from '../bindings/ExplainedProblem';
import { setLocale } from '../i18n/index.svelte';
import { insProblemIn, problemText } from './problems';

const problem = (kind: string): ExplainedProblem =>
  ({ problem: { kind }, text: { key: `problem-${kind}`, args: {} } }) as unknown as ExplainedProblem;

afterEach(() => setLocale('fr'));

describe('insProblemIn', () => {
  it('picks the first problem about the INS or the patient', () => {
    expect(insProblemIn([problem('subject'), problem('missing_patient'), problem('ins')])).toEqual(problem('missing_patient'));
    expect(insProblemIn([problem('ins')])).toEqual(problem('ins'));
    expect(insProblemIn([problem('one_patient_only')])).toEqual(problem('one_patient_only'));
  });

  it('is null when the problems are about something else', () => {
    expect(insProblemIn([problem('subject'), problem('too_many_recipients')])).toBeNull();
    expect(insProblemIn([])).toBeNull();
  });
});

describe('problemText', () => {
  it('says the problem in the window’s language', () => {
    expect(problemText(problem('missing_patient'))).toBe('Saisissez l\'INS du patient dans le champ À.');
    setLocale('en');
    expect(problemText(problem('missing_patient'))).toBe('Enter the patient\'s INS in the To field.');
  });
});
