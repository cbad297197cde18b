// The only module allowed to talk to the Rust side. Components call these typed
// functions and always receive an `AppError` on failure, never a raw rejection.
import { invoke } from '@tauri-apps/api/core';
import type { AppError } from './bindings/AppError';
import type { AppInfo } from './bindings/AppInfo';

export type { AppError, AppInfo };

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

export function isTauri(): boolean {
  return typeof window !== 'undefined' && window.__TAURI_INTERNALS__ !== undefined;
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Normalises whatever a rejected `invoke` produced. Commands return `AppError`
 * as-is; anything else (a panic string, a missing command, an IPC failure)
 * is reported as an internal error so callers handle a single shape.
 * An unknown `code` is kept untouched: `errors.ts` has a fallback for it.
 */
export function toAppError(reason: unknown): AppError {
  if (isAppError(reason)) return { code: reason.code, message: reason.message };
  if (reason instanceof Error) return { code: 'internal', message: reason.message };
  if (typeof reason === 'string') return { code: 'internal', message: reason };
  return { code: 'internal', message: 'Unknown error' };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!isTauri()) {
    throw {
      code: 'internal',
      message: `Not running inside Tauri: command "${command}" is unavailable`,
    } satisfies AppError;
  }
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

/** Rust command `app_info`: no arguments, returns `AppInfo`. */
export function getAppInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}
