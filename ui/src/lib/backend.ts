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

import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { AccountInfo } from './bindings/AccountInfo';
import type { Folder } from './bindings/Folder';
import type { ListQuery } from './bindings/ListQuery';
import type { MessageSummary } from './bindings/MessageSummary';
import type { SyncProgress } from './bindings/SyncProgress';
import type { SyncReport } from './bindings/SyncReport';

export type { AccountInfo, Folder, ListQuery, MessageSummary, SyncProgress, SyncReport };

/** Rust command `accounts`: the accounts of this profile. */
export function listAccounts(): Promise<AccountInfo[]> {
  return call<AccountInfo[]>('accounts');
}

/** Rust command `folders`: folders with their counts. */
export function listFolders(account?: string): Promise<Folder[]> {
  return call<Folder[]>('folders', { account: account ?? null });
}

/** Rust command `list_messages`. */
export function listMessages(query: ListQuery): Promise<MessageSummary[]> {
  return call<MessageSummary[]>('list_messages', { query });
}

/** Rust command `search_messages`: full-text, accents ignored, `mot*` for prefixes. */
export function searchMessages(text: string, limit = 50, account?: string): Promise<MessageSummary[]> {
  return call<MessageSummary[]>('search_messages', { text, account: account ?? null, limit });
}

/** Rust command `sync_now`: one complete pass over every account. */
export function syncNow(): Promise<SyncReport[]> {
  return call<SyncReport[]>('sync_now');
}

/** Progress of background and manual syncs (event `sync-progress`). */
export async function onSyncProgress(listener: (progress: SyncProgress) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<SyncProgress>('sync-progress', (event) => listener(event.payload));
}

/** Failures of background sync (event `sync-error`), already shaped as `AppError`. */
export async function onSyncError(listener: (error: AppError) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<unknown>('sync-error', (event) => listener(toAppError(event.payload)));
}
