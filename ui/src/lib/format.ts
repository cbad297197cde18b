// Formatting shared by every screen: file sizes.
import type { Locale } from './i18n/index.svelte';

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
