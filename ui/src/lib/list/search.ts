/**
 * What the search box sends while the user types: the word being typed is a prefix, so
 * "cardio" already finds "cardiologie" and "kinési" finds "kinésithérapique". A trailing
 * space says the word is finished; a single letter stays a whole word (as a prefix it
 * would match nearly every message); an explicit `*` is left as the user wrote it.
 */
export function asYouType(text: string): string {
  if (/\s$/.test(text) || text.endsWith('*')) return text;
  const words = text.trim().split(/\s+/);
  const last = words[words.length - 1] ?? '';
  const letters = [...last].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
  return letters >= 2 ? `${text}*` : text;
}
