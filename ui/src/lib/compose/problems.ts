// The engine's objections to a composition (checkComposition), as the compose window shows
// them: the INS field speaks about the patient, the list above the body about the rest.
import type { ExplainedProblem } from '../bindings/ExplainedProblem';
import { i18n } from '../i18n/index.svelte';

/** The kinds of problem the INS field speaks about. */
export const INS_PROBLEM_KINDS: readonly string[] = ['ins', 'missing_patient', 'one_patient_only'];

/** The first problem the INS field should show, if any. */
export function insProblemIn(problems: readonly ExplainedProblem[]): ExplainedProblem | null {
  return problems.find((problem) => INS_PROBLEM_KINDS.includes(problem.problem.kind)) ?? null;
}

/** The engine's sentence in the window's language (the only place that reads its shape). */
export function problemText(problem: ExplainedProblem): string {
  return i18n.say(problem.text);
}
