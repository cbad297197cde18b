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

/** 532 o, 12 Ko, 1,2 Mo (decimal separator of the language). */
export function fileSize(bytes: number, locale: Locale): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: digits }).format(value);
  return `${number} ${units[unit]}`;
}

// Same list as the engine (`reading.rs`): the engine refuses to open these, the pane says
// why before asking.
const RISKY = new Set([
  'exe', 'com', 'bat', 'cmd', 'scr', 'pif', 'msi', 'msp', 'cpl', 'dll', 'lnk', 'reg', 'ps1', 'psm1', 'vbs', 'vbe',
  'js', 'jse', 'wsf', 'wsh', 'hta', 'jar', 'sh', 'bash', 'csh', 'run', 'desktop', 'appimage', 'app', 'command',
  'pkg', 'dmg', 'deb', 'rpm', 'py', 'pl', 'scf',
]);

/** A file the system would run rather than show. */
export function isRiskyToOpen(name: string | null): boolean {
  const dot = name?.lastIndexOf('.') ?? -1;
  if (!name || dot < 0) return false;
  return RISKY.has(name.slice(dot + 1).trim().toLowerCase());
}

/** "Dr Anne Martin <anne.martin@ch.fr>, b@x.fr" as separate people, for display. */
export function splitAddresses(list: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const char of list) {
    if (char === '"') quoted = !quoted;
    else if (char === '<') angle = true;
    else if (char === '>') angle = false;
    if ((char === ',' || char === ';') && !quoted && !angle) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
