import { describe, expect, it, vi } from 'vitest';
import { FluentResource } from '@fluent/bundle';
import type { Expression, Pattern } from '@fluent/bundle/esm/ast';
import { i18n, say, setLocale, SOURCES, STORAGE_KEY, t } from './index.svelte';

/** Every message of one language in the catalogue, with the variables it uses. */
function catalogue(locale: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const files = Object.entries(SOURCES).filter(([path]) => path.includes(`/locales/${locale}/`));
  expect(files.length).toBeGreaterThan(5);
  for (const [path, source] of files) {
    const resource = new FluentResource(source);
    for (const entry of resource.body) {
      if (entry.id.startsWith('-')) continue;
      expect(out.has(entry.id), `${entry.id} given twice (${path})`).toBe(false);
      const vars = new Set<string>();
      if (entry.value !== null) patternVars(entry.value, vars);
      out.set(entry.id, [...vars].sort());
    }
  }
  return out;
}

function patternVars(pattern: Pattern, out: Set<string>): void {
  if (typeof pattern === 'string') return;
  for (const element of pattern) if (typeof element !== 'string') expressionVars(element, out);
}

function expressionVars(expression: Expression, out: Set<string>): void {
  if (expression.type === 'var') out.add(expression.name);
  if (expression.type === 'select') {
    expressionVars(expression.selector, out);
    for (const variant of expression.variants) patternVars(variant.value, out);
  }
  if (expression.type === 'func') for (const arg of expression.args) if (arg.type !== 'narg') expressionVars(arg, out);
}

describe('the catalogue', () => {
  it('holds every key in both languages, with the same variables', () => {
    const fr = catalogue('fr');
    const en = catalogue('en');
    expect([...en.keys()].sort()).toEqual([...fr.keys()].sort());
    for (const [key, vars] of fr) expect(en.get(key), key).toEqual(vars);
  });

  it('has no empty sentence and no unparsed line', () => {
    for (const [path, source] of Object.entries(SOURCES)) {
      const entries = source.split('\n').filter((line) => /^[a-zA-Z][\w-]* =/.test(line)).length;
      expect(new FluentResource(source).body.length, path).toBe(entries);
    }
    setLocale('fr');
    for (const key of catalogue('fr').keys()) expect(t(key as never).trim(), key).not.toBe('');
  });
});

describe('i18n', () => {
  it('defaults to French and sets <html lang>', () => {
    expect(i18n.locale).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(t('folders-inbox')).toBe('Boîte de réception');
  });

  it('switches to English, updates <html lang> and persists the choice', () => {
    setLocale('en');
    expect(t('folders-inbox')).toBe('Inbox');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('en');
    setLocale('fr');
  });

  it('ignores an unsupported locale', () => {
    setLocale('de' as never);
    expect(i18n.locale).toBe('fr');
  });

  it('interpolates parameters and chooses plurals by the language’s rules', () => {
    expect(t('status-outbox', { count: 3 })).toBe('Boîte d’envoi : 3');
    expect(t('list-count', { count: 0 })).toBe('0 message');
    expect(t('list-count', { count: 1 })).toBe('1 message');
    expect(t('list-count', { count: 1234 })).toBe('1\u202f234 messages');
    setLocale('en');
    expect(t('list-count', { count: 0 })).toBe('0 messages');
    expect(t('list-count', { count: 1 })).toBe('1 message');
    setLocale('fr');
  });

  it('says the sentences the engine chose, with their arguments', () => {
    expect(say({ key: 'problem-invalid_address', args: { address: 'a@' } })).toBe('Adresse invalide : a@');
    expect(say({ key: 'problem-too_large', args: { size: 12.4, limit: 10 } })).toBe(
      'Message de 12,4 Mo : le serveur accepte 10 Mo au maximum.',
    );
    expect(say({ key: 'no-such-key', args: {} })).toBe('no-such-key');
  });
});

describe('i18n start-up', () => {
  it('restores the persisted language', async () => {
    localStorage.setItem(STORAGE_KEY, 'en');
    vi.resetModules();
    const fresh = await import('./index.svelte');
    expect(fresh.i18n.locale).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('falls back to French when the stored value is garbage', async () => {
    localStorage.setItem(STORAGE_KEY, 'klingon');
    vi.resetModules();
    const fresh = await import('./index.svelte');
    expect(fresh.i18n.locale).toBe('fr');
  });
});
