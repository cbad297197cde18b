// The patient's INS (Identité Nationale de Santé) as typed in "Nouveau message Patient":
// 15 characters (13 + a 2-digit key), spaces allowed. The engine validates it
// (checkComposition); here it is only tidied and shown in the usual groups.

/** Sex, year, month, department, commune, order, key: "1 85 05 78 006 084 36". */
export const INS_GROUPS = [1, 2, 2, 2, 3, 3, 2] as const;
export const INS_LENGTH = 15;

/** Without spaces, upper case (Corsica's 2A/2B). */
export function normalizeIns(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** Digits (and the A/B of Corsica's 2A/2B): something being typed as an INS, not an address. */
export function looksLikeIns(input: string): boolean {
  const s = normalizeIns(input);
  return /^[0-9][0-9AB]*$/.test(s);
}

/**
 * "185057800608436" → "1 85 05 78 006 084 36". A partial INS is grouped as far as it goes;
 * anything that is not an INS (an address of a patient's reply) is returned as typed.
 */
export function formatIns(input: string): string {
  if (!looksLikeIns(input)) return input;
  const s = normalizeIns(input);
  const parts: string[] = [];
  let at = 0;
  for (const size of INS_GROUPS) {
    if (at >= s.length) break;
    parts.push(s.slice(at, at + size));
    at += size;
  }
  if (at < s.length) parts.push(s.slice(at));
  return parts.join(' ');
}

/** How many significant (non-space) characters come before `caret` in `text`. */
export function significantBefore(text: string, caret: number): number {
  return text.slice(0, caret).replace(/\s+/g, '').length;
}

/** The caret position in `formatted` just after its `count`-th significant character. */
export function caretAfter(formatted: string, count: number): number {
  if (count <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < formatted.length; i++) {
    if (!/\s/.test(formatted[i] ?? '')) seen++;
    if (seen === count) return i + 1;
  }
  return formatted.length;
}
