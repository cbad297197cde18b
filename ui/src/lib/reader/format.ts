// Dates and sizes of the reading pane, in the interface's language.
import type { Locale } from '../i18n/index.svelte';

const TAGS: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** « mercredi 12 mars 2025 » and « 15:44:23 », to fill "Envoyé le {date} à {time}". */
export function sentOnParts(unixSeconds: number, locale: Locale, timeZone?: string): { date: string; time: string } {
  const when = new Date(unixSeconds * 1000);
  const date = new Intl.DateTimeFormat(TAGS[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(when);
  const time = new Intl.DateTimeFormat(TAGS[locale], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(when);
  return { date, time };
}
