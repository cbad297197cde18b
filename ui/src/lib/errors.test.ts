import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorMessage } from './errors';
import type { ErrorCode } from './bindings/ErrorCode';
import { LOCALES, setLocale, t } from './i18n/index.svelte';

describe('errorMessage', () => {
  it('covers every ErrorCode from the bindings', () => {
    const all: Record<ErrorCode, true> = {
      invalid_input: true,
      io: true,
      network: true,
      tls: true,
      certificate: true,
      certificate_expired: true,
      certificate_revoked: true,
      auth_failed: true,
      unsupported: true,
      server: true,
      timeout: true,
      store: true,
      store_key: true,
      store_too_new: true,
      keyring: true,
      not_found: true,
      directory_file: true,
      directory_write_refused: true,
      shared_access_refused: true,
      shared_admin_refused: true,
      no_operator_directory: true,
      directory_psc_unsupported: true,
      shared_psc_unsupported: true,
      directory_download: true,
      sieve_script_refused: true,
      busy: true,
      internal: true,
      card: true,
      pin_wrong: true,
      card_blocked: true,
      pin_format: true,
      pin_required: true,
      card_not_cps: true,
      card_other_holder: true,
      card_removed: true,
      signed_out: true,
      session_locked: true,
      psc: true,
      psc_denied: true,
      psc_sign_in_expired: true,
      psc_session_ended: true,
      device_revoked: true,
      psc_wrong_practitioner: true,
      no_notification_service: true,
      update_server: true,
      updates_off: true,
      update_unavailable: true,
      update_refused: true,
      update_install: true,
    };
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(all).sort());
  });

  it.each(LOCALES)('gives each code its own actionable sentence (%s)', (locale) => {
    setLocale(locale);
    const fallback = t('error-unknown');
    const sentences = ERROR_CODES.map((code) => errorMessage({ code, message: 'detail' }));
    for (const sentence of sentences) {
      expect(sentence.length).toBeGreaterThan(20);
      expect(sentence).not.toBe(fallback);
      expect(sentence).not.toContain('detail');
    }
    expect(new Set(sentences).size).toBe(ERROR_CODES.length);
  });

  it('speaks French by default and English after a switch', () => {
    expect(errorMessage({ code: 'io', message: '' })).toMatch(/disque/);
    setLocale('en');
    expect(errorMessage({ code: 'io', message: '' })).toMatch(/disk/);
  });

  it.each([
    { code: 'not_a_code', message: 'x' },
    { code: 'toString', message: 'x' },
    new Error('raw'),
    'raw string',
    undefined,
  ])('falls back for %o', (value) => {
    expect(errorMessage(value)).toBe(t('error-unknown'));
  });
});

describe('refusals with their own sentences', () => {
  it('shows the engine’s sentences in the current language', async () => {
    const { errorMessage } = await import('./errors');
    const { setLocale } = await import('./i18n/index.svelte');
    const refused = {
      code: 'invalid_input',
      message: 'x',
      details: [{ key: 'problem-invalid_address', args: { address: 'a@' } }],
    };
    setLocale('fr');
    expect(errorMessage(refused)).toBe('Adresse invalide : a@');
    setLocale('en');
    expect(errorMessage(refused)).toBe('Invalid address: a@');
    setLocale('fr');
  });
});
