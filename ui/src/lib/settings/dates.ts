// The auto-reply's dates: the engine speaks RFC 3339 (UTC back from the server), the
// datetime-local fields show the person's local time.

/** "2026-12-24T07:00:00Z" → "2026-12-24T08:00" in the local zone; none → "". */
export function toLocalInput(value: string | null): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** A datetime-local value (local time) as RFC 3339 in UTC; empty → null. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
