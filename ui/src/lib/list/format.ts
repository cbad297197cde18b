// How a message row reads: date, correspondent, and the order of search results.
import type { FlagColor } from '../bindings/FlagColor';
import type { MessageSummary } from '../bindings/MessageSummary';
import type { SortKey } from '../bindings/SortKey';

export type Sort = { key: SortKey; descending: boolean };

export const DEFAULT_SORT: Sort = { key: 'date', descending: true };

/** Direction a column starts with: newest, flagged, with attachment first; unread first; A→Z. */
const FIRST_DESCENDING: Record<SortKey, boolean> = {
  date: true,
  from: false,
  subject: false,
  flag: true,
  attachment: true,
  read: false,
};

/** A click on a sort button: the same column flips, another starts in its natural direction. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: FIRST_DESCENDING[key] };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The list's date: today the time (14:05), otherwise dd/mm/yyyy. `date` is Unix seconds. */
export function listDate(date: number | null, now: Date = new Date()): string {
  if (date === null) return '';
  const d = new Date(date * 1000);
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** The full date for a tooltip, in the current language. */
export function fullDate(date: number | null, locale: string): string {
  if (date === null) return '';
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(date * 1000));
}

/** "Dr Anne Martin <anne@x.fr>" → "Dr Anne Martin"; a bare address stays as it is. */
export function displayName(address: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(address);
  if (!match) return address.trim();
  return match[1]!.trim() || match[2]!.trim();
}

/** Recipients as read in the Sent list: names when known, comma-separated. */
export function recipientsLabel(to: readonly string[]): string {
  return to.map(displayName).join(', ');
}

/** The correspondent column: the sender, or in Sent the recipients. */
export function correspondent(message: MessageSummary, sent: boolean): string {
  if (sent) return recipientsLabel(message.to);
  return message.from_name?.trim() || message.from?.trim() || '';
}

const FLAG_RANK: Record<FlagColor, number> = { red: 1, orange: 2, yellow: 3, green: 4, blue: 5 };

function flagRank(m: MessageSummary): number {
  if (!m.flagged && !m.flag_color) return 7;
  return m.flag_color ? FLAG_RANK[m.flag_color] : 6;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * The engine's order (store/messages.rs `list_messages`), for lists sorted here (search
 * results): the key, then newest first, then highest id first.
 */
export function compareMessages(a: MessageSummary, b: MessageSummary, sort: Sort): number {
  const dir = sort.descending ? -1 : 1;
  let primary = 0;
  switch (sort.key) {
    case 'date':
      primary = ((a.date ?? 0) - (b.date ?? 0)) * dir;
      break;
    case 'from':
      primary = collator.compare(a.from_name ?? a.from ?? '', b.from_name ?? b.from ?? '') * dir;
      break;
    case 'subject':
      primary = collator.compare(a.subject, b.subject) * dir;
      break;
    case 'flag':
      // Descending = flagged first, red first (as the engine does).
      primary = (flagRank(a) - flagRank(b)) * -dir;
      break;
    case 'attachment':
      primary = (Number(a.has_attachments) - Number(b.has_attachments)) * dir;
      break;
    case 'read':
      primary = (Number(a.seen) - Number(b.seen)) * dir;
      break;
  }
  if (primary !== 0) return primary;
  if (sort.key !== 'date') {
    const byDate = (b.date ?? 0) - (a.date ?? 0);
    if (byDate !== 0) return byDate;
  }
  return b.id - a.id;
}

export function sortMessages(messages: MessageSummary[], sort: Sort): MessageSummary[] {
  return [...messages].sort((a, b) => compareMessages(a, b, sort));
}
