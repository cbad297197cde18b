// Formatting shared by every screen: address lists and file sizes.
import type { Locale } from './i18n/index.svelte';

/** Splits an address list on the commas that separate addresses (not those inside quotes or <>). */
export function splitAddresses(list: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (const ch of list) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<' && !quoted) angle += 1;
    else if (ch === '>' && !quoted && angle > 0) angle -= 1;
    if ((ch === ',' || ch === ';') && !quoted && angle === 0) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** 532 o, 1,5 Ko, 25 Mo in French; 1.5 KB in English (binary units, as file managers show them). */
export function fileSize(bytes: number, locale: Locale): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(value);
  return `${number}\u00a0${units[unit]}`;
}
