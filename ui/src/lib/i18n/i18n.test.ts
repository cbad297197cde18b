import { describe, expect, it, vi } from 'vitest';
import { fr } from './fr';
import { en } from './en';
import { i18n, setLocale, STORAGE_KEY, t } from './index.svelte';

describe('i18n', () => {
  it('defaults to French and sets <html lang>', () => {
    expect(i18n.locale).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(t('folders.inbox')).toBe('Boîte de réception');
  });

  it('switches to English, updates <html lang> and persists the choice', () => {
    setLocale('en');
    expect(t('folders.inbox')).toBe('Inbox');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('en');
  });

  it('ignores an unsupported locale', () => {
    setLocale('de' as never);
    expect(i18n.locale).toBe('fr');
  });

  it('interpolates parameters and leaves unknown placeholders visible', () => {
    expect(t('status.outbox', { count: 3 })).toBe('Boîte d’envoi : 3');
    expect(t('status.outbox')).toBe('Boîte d’envoi : {count}');
  });

  it('has the same keys and no empty string in every dictionary', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const value of [...Object.values(fr), ...Object.values(en)]) {
      expect(value.trim()).not.toBe('');
    }
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
