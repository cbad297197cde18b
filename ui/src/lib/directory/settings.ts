// The Annuaire's settings and online source in words: what the last download left, and the
// errors of these settings said for what the user was doing (an address, a CA file, a key),
// rather than the general sentence of their code.
import type { DownloadState } from '../bindings/DownloadState';
import { isAppError } from '../backend';
import { errorMessage } from '../errors';
import { i18n } from '../i18n/index.svelte';

export type DownloadOutcome =
  | { kind: 'never' }
  | { kind: 'ok'; at: number }
  | { kind: 'failed'; at: number; lastSuccess: number | null };

/** The last attempt failed when no success came at or after it. */
export function downloadOutcome(state: DownloadState | null): DownloadOutcome {
  if (!state) return { kind: 'never' };
  if (state.succeeded_at !== null && state.succeeded_at >= state.checked_at) return { kind: 'ok', at: state.succeeded_at };
  return { kind: 'failed', at: state.checked_at, lastSuccess: state.succeeded_at };
}

/** Saving the download address or CA file failed. */
export function sourceErrorMessage(error: unknown): string {
  if (isAppError(error)) {
    switch (error.code) {
      case 'invalid_input':
        return i18n.t('directory-settings-error-url');
      case 'certificate':
      case 'tls':
        return i18n.t('directory-settings-error-ca');
      case 'io':
        return i18n.t('directory-settings-error-ca-file');
    }
  }
  return errorMessage(error);
}

/** Saving or removing the API key failed. */
export function keyErrorMessage(error: unknown): string {
  if (isAppError(error) && error.code === 'invalid_input') return i18n.t('directory-settings-key-empty');
  if (isAppError(error) && error.code === 'keyring') return i18n.t('directory-settings-error-keyring');
  return errorMessage(error);
}

/** The quiet line under the results when the online directory could not add its own. */
export function onlineNote(error: unknown): string {
  if (isAppError(error) && error.code === 'auth_failed') return i18n.t('directory-online-refused');
  if (isAppError(error) && error.code === 'keyring') return i18n.t('directory-online-nokey');
  return i18n.t('directory-online-unreachable');
}
