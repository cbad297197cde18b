import type { ErrorCode } from './bindings/ErrorCode';
import { isAppError } from './backend';
import { i18n, t, type MessageKey } from './i18n/index.svelte';

// A `Record` over the generated union: when the Rust side adds an ErrorCode and
// the bindings are regenerated, this stops compiling until the code gets a sentence.
const ERROR_KEYS: Record<ErrorCode, MessageKey> = {
  invalid_input: 'error-invalid_input',
  io: 'error-io',
  network: 'error-network',
  tls: 'error-tls',
  certificate: 'error-certificate',
  certificate_expired: 'error-certificate_expired',
  certificate_revoked: 'error-certificate_revoked',
  auth_failed: 'error-auth_failed',
  unsupported: 'error-unsupported',
  server: 'error-server',
  timeout: 'error-timeout',
  store: 'error-store',
  store_key: 'error-store_key',
  store_too_new: 'error-store_too_new',
  keyring: 'error-keyring',
  not_found: 'error-not_found',
  directory_file: 'error-directory_file',
  directory_write_refused: 'error-directory_write_refused',
  shared_access_refused: 'error-shared_access_refused',
  shared_admin_refused: 'error-shared_admin_refused',
  no_operator_directory: 'error-no_operator_directory',
  directory_psc_unsupported: 'error-directory_psc_unsupported',
  shared_psc_unsupported: 'error-shared_psc_unsupported',
  directory_download: 'error-directory_download',
  sieve_script_refused: 'error-sieve_script_refused',
  busy: 'error-busy',
  internal: 'error-internal',
  card: 'error-card',
  pin_wrong: 'error-pin_wrong',
  card_blocked: 'error-card_blocked',
  pin_format: 'error-pin_format',
  pin_required: 'error-pin_required',
  card_not_cps: 'error-card_not_cps',
  card_other_holder: 'error-card_other_holder',
  card_removed: 'error-card_removed',
  signed_out: 'error-signed_out',
  session_locked: 'error-session_locked',
  psc: 'error-psc',
  psc_denied: 'error-psc_denied',
  psc_sign_in_expired: 'error-psc_sign_in_expired',
  psc_session_ended: 'error-psc_session_ended',
  device_revoked: 'error-device_revoked',
  psc_wrong_practitioner: 'error-psc_wrong_practitioner',
  no_notification_service: 'error-no_notification_service',
  update_server: 'error-update_server',
  updates_off: 'error-updates_off',
  update_unavailable: 'error-update_unavailable',
  update_refused: 'error-update_refused',
  update_install: 'error-update_install',
};

export const ERROR_CODES = Object.keys(ERROR_KEYS) as ErrorCode[];

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_KEYS, code);
}

/** A sentence for the user, in the current language, saying what happened and what to do. */
export function errorMessage(error: unknown): string {
  // A refusal the user can fix comes with its own sentences (e.g. which address is wrong).
  if (isAppError(error)) {
    if (error.details && error.details.length > 0) return error.details.map((text) => i18n.say(text)).join(' ');
  }
  if (isAppError(error) && isKnownCode(error.code)) return t(ERROR_KEYS[error.code]);
  return t('error-unknown');
}

/** Codes for which the store itself cannot be opened: the window shows why, and a retry. */
const STORE_UNAVAILABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['keyring', 'store_key', 'store_too_new', 'store', 'io', 'busy']);

export function storeUnavailable(error: unknown): boolean {
  return isAppError(error) && isKnownCode(error.code) && STORE_UNAVAILABLE.has(error.code);
}
