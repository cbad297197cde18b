// The window's side of the one message catalogue: the Fluent files of `locales/` (the
// engine and the command line read the same files with fluent-bundle). Keys are checked at
// compile time against `MessageKey`, generated from the catalogue by the engine's tests.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { MessageKey } from '../bindings/MessageKey';
import type { Text } from '../bindings/Text';

export type { MessageKey } from '../bindings/MessageKey';
export type Locale = 'fr' | 'en';
export type Params = Record<string, string | number>;

export const LOCALES: readonly Locale[] = ['fr', 'en'];
export const DEFAULT_LOCALE: Locale = 'fr';
export const STORAGE_KEY = 'medimail.locale';

/** Every catalogue file, by path (`…/locales/fr/ui-list.ftl`). */
export const SOURCES = import.meta.glob('../../../../locales/*/*.ftl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function bundleFor(locale: Locale): FluentBundle {
  // Isolation marks help right-to-left scripts, which neither language is; they would
  // only get in the way of copying text and of tests.
  const bundle = new FluentBundle(locale, { useIsolating: false });
  for (const [path, source] of Object.entries(SOURCES)) {
    if (path.includes(`/locales/${locale}/`)) bundle.addResource(new FluentResource(source));
  }
  return bundle;
}

// Built when first needed: the language not in use costs nothing at start.
const bundles: Partial<Record<Locale, FluentBundle>> = {};

function bundleOf(locale: Locale): FluentBundle {
  return (bundles[locale] ??= bundleFor(locale));
}

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

/** The sentence for `key` in `locale`; a key the catalogue lacks shows as itself, never a crash. */
function format(locale: Locale, key: string, params?: Params): string {
  const bundle = bundleOf(locale);
  const pattern = bundle.getMessage(key)?.value;
  if (!pattern) return key;
  const errors: Error[] = [];
  return bundle.formatPattern(pattern, params as Record<string, FluentVariable> | undefined, errors);
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
    return format(current, key, params);
  },
  /** A sentence the engine chose (a refusal, a timeline line), in the current language. */
  say(text: Text): string {
    return format(current, text.key, text.args as Params);
  },
};

export function t(key: MessageKey, params?: Params): string {
  return i18n.t(key, params);
}

export function say(text: Text): string {
  return i18n.say(text);
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
