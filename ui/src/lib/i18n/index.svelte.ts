import { fr, type MessageKey, type Messages } from './fr';
import { en } from './en';

export type { MessageKey } from './fr';
export type Locale = 'fr' | 'en';
export type Params = Record<string, string | number>;

export const LOCALES: readonly Locale[] = ['fr', 'en'];
export const DEFAULT_LOCALE: Locale = 'fr';
export const STORAGE_KEY = 'medimail.locale';

const dictionaries: Record<Locale, Messages> = { fr, en };

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

// localStorage can throw (disabled storage, sandboxed contexts): a broken store
// must never prevent the UI from rendering, so fall back to the default.
function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function applyDocumentLang(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

const initialLocale = readStoredLocale();
let current = $state<Locale>(initialLocale);
applyDocumentLang(initialLocale);

function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** Reading `locale` or calling `t` inside a component or `$effect` makes it re-run on a language change. */
export const i18n = {
  get locale(): Locale {
    return current;
  },
  set locale(next: Locale) {
    setLocale(next);
  },
  t(key: MessageKey, params?: Params): string {
    return format(dictionaries[current][key], params);
  },
};

export function t(key: MessageKey, params?: Params): string {
  return i18n.t(key, params);
}

export function setLocale(next: Locale): void {
  if (!isLocale(next)) return;
  current = next;
  applyDocumentLang(next);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisting is acceptable: the choice still applies to this session.
  }
}

