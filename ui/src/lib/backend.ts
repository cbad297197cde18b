// The only module allowed to talk to the Rust side. Components call these typed
// functions and always receive an `AppError` on failure, never a raw rejection.
import { invoke } from '@tauri-apps/api/core';
import type { AppError } from './bindings/AppError';
import type { AppInfo } from './bindings/AppInfo';
import type { CibaStarted } from './bindings/CibaStarted';
import type { ConnectionState } from './bindings/ConnectionState';
import type { WindowLayout } from './bindings/WindowLayout';
import type { DirectoryCard } from './bindings/DirectoryCard';
import type { DirectorySearch } from './bindings/DirectorySearch';
import type { OwnEntry } from './bindings/OwnEntry';
import type { Devices } from './bindings/Devices';
import type { OwnEntryChanges } from './bindings/OwnEntryChanges';
import type { SharedAccess } from './bindings/SharedAccess';
import type { SharedMailbox } from './bindings/SharedMailbox';

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
  if (isAppError(reason)) {
    const error: AppError = { code: reason.code, message: reason.message };
    if (Array.isArray(reason.details) && reason.details.length > 0) error.details = reason.details;
    return error;
  }
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
import type { Text } from './bindings/Text';

export type { AccountInfo, Folder, ListQuery, MessageSummary, SyncProgress, SyncReport, Text };

/** Rust command `accounts`: the accounts of this profile. */
export function listAccounts(): Promise<AccountInfo[]> {
  return call<AccountInfo[]>('accounts');
}

/** Rust command `shared_mailboxes`: the organisational mailboxes the server shares with the accounts. */
export function sharedMailboxes(account?: string): Promise<SharedMailbox[]> {
  return call<SharedMailbox[]>('shared_mailboxes', { account: account ?? null });
}

/** Rust command `open_shared_mailbox`: opens one with the member's own sign-in; it becomes an account. */
export function openSharedMailbox(mailbox: string, through?: string): Promise<AccountInfo> {
  return call<AccountInfo>('open_shared_mailbox', { mailbox, through: through ?? null });
}

/** Rust command `shared_access`: who may open an organisational mailbox (IMAP ACL). */
export function sharedAccess(mailbox: string): Promise<SharedAccess> {
  return call<SharedAccess>('shared_access', { mailbox });
}

/** Rust command `grant_shared`: lets the addresses (comma-separated) open the mailbox. */
export function grantShared(mailbox: string, addresses: string): Promise<SharedAccess> {
  return call<SharedAccess>('grant_shared', { mailbox, addresses });
}

/** Rust command `revoke_shared`: withdraws one account's access to the mailbox. */
export function revokeShared(mailbox: string, address: string): Promise<SharedAccess> {
  return call<SharedAccess>('revoke_shared', { mailbox, address });
}

/** Rust command `set_default_account`: "Compte par défaut", the account that opens at start. */
export function setDefaultAccount(email: string): Promise<AccountInfo> {
  return call<AccountInfo>('set_default_account', { email });
}

/** Rust command `set_notify_to_sign_in`: "Notif de réception vers compte de connexion". */
export function setNotifyToSignIn(email: string, on: boolean): Promise<AccountInfo> {
  return call<AccountInfo>('set_notify_to_sign_in', { email, on });
}

/** Rust command `set_trust_igc_sante`: "Faire confiance aux autorités de certification
 * IGC-Santé pour les domaines MSSanté". */
export function setTrustIgcSante(email: string, on: boolean): Promise<AccountInfo> {
  return call<AccountInfo>('set_trust_igc_sante', { email, on });
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

/** Rust command `set_language`: the language of what the engine shows by itself (notifications). */
export function setEngineLanguage(lang: string): Promise<void> {
  return call<void>('set_language', { lang });
}

/** Rust command `window_layout`: the arrangement saved for this profile. */
export function getWindowLayout(): Promise<WindowLayout> {
  return call<WindowLayout>('window_layout');
}

/** Rust command `set_window_layout`: remembers the arrangement (the share brought within bounds). */
export function saveWindowLayout(layout: WindowLayout): Promise<WindowLayout> {
  return call<WindowLayout>('set_window_layout', { layout });
}

/** Rust command `connection_state`: whether the app is in touch with the servers now. */
export function getConnectionState(): Promise<ConnectionState> {
  return call<ConnectionState>('connection_state');
}

/** Rust command `reopen_store`: tries again to open the store that could not be opened. */
export function reopenStore(): Promise<void> {
  return call<void>('reopen_store');
}

/** Progress of background and manual syncs (event `sync-progress`). */
export async function onSyncProgress(listener: (progress: SyncProgress) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<SyncProgress>('sync-progress', (event) => listener(event.payload));
}

/** Failures of background sync (event `sync-error`), already shaped as `AppError`. */
/** The engine's contact with the servers changed (event `connection-changed`). */
export async function onConnectionChanged(listener: (state: ConnectionState) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<ConnectionState>('connection-changed', (event) => listener(event.payload));
}

export async function onSyncError(listener: (error: AppError) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<unknown>('sync-error', (event) => listener(toAppError(event.payload)));
}

/**
 * Changes made here that the server refused for good during a background pass (event
 * `sync-refused`): each was undone, so the mailbox shows what the server holds. A manual
 * sync returns the same sentences in `SyncReport.refused`.
 */
export async function onSyncRefused(listener: (texts: Text[]) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<Text[]>('sync-refused', (event) => listener(event.payload));
}

// ---------------------------------------------------------------------------------------
// Messages: reading and actions. Every id is the store's message id (`MessageSummary.id`).

import type { Composition } from './bindings/Composition';
import type { Draft } from './bindings/Draft';
import type { DraftInfo } from './bindings/DraftInfo';
import type { ExplainedProblem } from './bindings/ExplainedProblem';
import type { FlagColor } from './bindings/FlagColor';
import type { MdnDecision } from './bindings/MdnDecision';
import type { MdnPolicy } from './bindings/MdnPolicy';
import type { MessageDetail } from './bindings/MessageDetail';
import type { OutboxEntry } from './bindings/OutboxEntry';
import type { Sender } from './bindings/Sender';
import type { Signature } from './bindings/Signature';
import type { SignatureChange } from './bindings/SignatureChange';
import type { SignatureContent } from './bindings/SignatureContent';
import type { Timeline } from './bindings/Timeline';
import type { AccountSetup } from './bindings/AccountSetup';
import type { AutoConfig } from './bindings/AutoConfig';

export type {
  Composition,
  Draft,
  DraftInfo,
  ExplainedProblem,
  FlagColor,
  MdnDecision,
  MdnPolicy,
  MessageDetail,
  AccountSetup,
  OutboxEntry,
  Sender,
  Signature,
  SignatureChange,
  SignatureContent,
  Timeline,
};

/** Rust command `message_detail`: headers, text body, attachments (the HTML body is shown by `mailViewUrl`). */
export function getMessage(id: number): Promise<MessageDetail> {
  return call<MessageDetail>('message_detail', { id });
}

/**
 * Address of the isolated view of a message's body (custom protocol `mailview`, served by
 * `shell/mail_view.rs` with its own strict CSP, shown in a sandboxed iframe).
 * `remote` = true only after the user chose "Afficher les images".
 */
export function mailViewUrl(id: number, remote = false): string {
  const path = `message/${id}${remote ? '?remote=1' : ''}`;
  // Linux/macOS: mailview://localhost/…; Windows (WebView2): http://mailview.localhost/…
  return /Windows/i.test(globalThis.navigator?.userAgent ?? '')
    ? `http://mailview.localhost/${path}`
    : `mailview://localhost/${path}`;
}

/** A link clicked inside the isolated view (event `mail-link`): the UI asks before opening it. */
export async function onMailLink(listener: (url: string) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<string>('mail-link', (event) => listener(event.payload));
}

/**
 * Rust command `print_message`: the message in a print window of its own (the sanitised body
 * with its formatting, under a heading in `lang`) and the system's print dialog over it.
 * `remote`: with the remote images the user chose to show.
 */
export function printMessage(id: number, remote: boolean, lang: string): Promise<void> {
  return call<void>('print_message', { id, remote, lang });
}

/** Rust command `open_link`: opens an http(s)/mailto address in the system browser (after the user confirmed). */
export function openLink(url: string): Promise<void> {
  return call<void>('open_link', { url });
}

/** Rust command `save_attachment`: asks where to save (system dialog); null when cancelled. */
export function saveAttachment(id: number, index: number): Promise<string | null> {
  return call<string | null>('save_attachment', { id, index });
}

/** Rust command `save_all_attachments`: asks for a folder; the number of files written (0 when cancelled). */
export function saveAllAttachments(id: number): Promise<number> {
  return call<number>('save_all_attachments', { id });
}

/** Rust command `open_attachment`: opens it with the system's application. */
export function openAttachment(id: number, index: number): Promise<void> {
  return call<void>('open_attachment', { id, index });
}

/** Rust command `download_messages`: one message → .eml, several → one .mbox; asks where. Null when cancelled. */
export function downloadMessages(ids: number[]): Promise<string | null> {
  return call<string | null>('download_messages', { ids });
}

/** Rust command `timeline`: sending, delivery and opening events of a sent message. */
export function getTimeline(id: number): Promise<Timeline> {
  return call<Timeline>('timeline', { id });
}

/** Rust command `message_opened`: marks it read and handles its read-receipt request. */
export function messageOpened(id: number): Promise<MdnDecision> {
  return call<MdnDecision>('message_opened', { id });
}

/** Rust command `send_read_receipt`: the user agreed to send the receipt asked for. */
export function sendReadReceipt(id: number): Promise<MdnDecision> {
  return call<MdnDecision>('send_read_receipt', { id });
}

/** Rust command `move_messages`: to a folder of the same account; returns how many moved. */
export function moveMessages(ids: number[], folder: string): Promise<number> {
  return call<number>('move_messages', { ids, folder });
}

/** Rust command `delete_messages`: to "Messages supprimés" (restorable). */
export function deleteMessages(ids: number[]): Promise<number> {
  return call<number>('delete_messages', { ids });
}

/** Rust command `restore_messages`: from the trash back to where each came from. */
export function restoreMessages(ids: number[]): Promise<number> {
  return call<number>('restore_messages', { ids });
}

/** Rust command `purge_messages`: "Supprimer définitivement" (from the server and this computer). */
export function purgeMessages(ids: number[]): Promise<number> {
  return call<number>('purge_messages', { ids });
}

/** Rust command `mark_read`. */
export function markRead(ids: number[], read: boolean): Promise<number> {
  return call<number>('mark_read', { ids, read });
}

/** Rust command `set_flag`: a colour, or null to remove the flag. */
export function setFlag(ids: number[], color: FlagColor | null): Promise<number> {
  return call<number>('set_flag', { ids, color });
}

// ---- folders ------------------------------------------------------------------------------

/** Rust command `create_folder`. */
export function createFolder(name: string, account?: string): Promise<Folder> {
  return call<Folder>('create_folder', { account: account ?? null, name });
}

/** Rust command `rename_folder`. */
export function renameFolder(name: string, newName: string, account?: string): Promise<Folder> {
  return call<Folder>('rename_folder', { account: account ?? null, name, newName });
}

/** Rust command `delete_folder`: its messages go back to the INBOX first; returns how many. */
export function deleteFolder(name: string, account?: string): Promise<number> {
  return call<number>('delete_folder', { account: account ?? null, name });
}

// ---- composing, sending, drafts -----------------------------------------------------------

/** Rust command `check_composition`: what the sending rules refuse, as sentences (empty = ready). */
export function checkComposition(composition: Composition, account?: string): Promise<ExplainedProblem[]> {
  return call<ExplainedProblem[]>('check_composition', { account: account ?? null, composition });
}

/** Rust command `new_composition`: an empty message with the account's sender and default signature. */
export function newComposition(mode: 'pro' | 'patient', account?: string): Promise<Draft> {
  return call<Draft>('new_composition', { account: account ?? null, mode });
}

/** Rust command `reply_composition`: "Répondre" (all = false) or "Répondre à tous". */
export function replyComposition(id: number, all: boolean): Promise<Composition> {
  return call<Composition>('reply_composition', { id, all });
}

/** Rust command `forward_composition`: "Transférer", with the original's attachments. */
export function forwardComposition(id: number): Promise<Composition> {
  return call<Composition>('forward_composition', { id });
}

/** Rust command `send_message`: checks, queues and sends; offline it waits in the outbox. */
export function sendMessage(composition: Composition, account?: string): Promise<OutboxEntry> {
  return call<OutboxEntry>('send_message', { account: account ?? null, composition });
}

/** Rust command `outbox`: messages not yet handed over, and the uncertain ones. */
export function listOutbox(): Promise<OutboxEntry[]> {
  return call<OutboxEntry[]>('outbox');
}

/** Rust command `resend`: the user decided to send an uncertain or failed message again. */
export function resend(id: number): Promise<OutboxEntry> {
  return call<OutboxEntry>('resend', { id });
}

/** Rust command `save_draft`: a new draft (draftId null) or a new version of one. */
export function saveDraft(
  composition: Composition,
  draftId: number | null,
  signatureId: number | null,
  account?: string,
): Promise<DraftInfo> {
  return call<DraftInfo>('save_draft', { account: account ?? null, draftId, composition, signatureId });
}

/** Rust command `drafts`: local drafts, newest first, then those found on the server. */
export function listDrafts(): Promise<DraftInfo[]> {
  return call<DraftInfo[]>('drafts');
}

/** Rust command `open_draft`. */
export function openDraft(id: number): Promise<Draft> {
  return call<Draft>('open_draft', { id });
}

/** Rust command `open_server_draft`: a message of the Drafts folder, opened for editing. */
export function openServerDraft(messageId: number): Promise<Draft> {
  return call<Draft>('open_server_draft', { messageId });
}

/** Rust command `delete_draft`. */
export function deleteDraft(id: number): Promise<void> {
  return call<void>('delete_draft', { id });
}

/** Rust command `send_draft`: sends the draft as saved (it leaves the drafts). */
export function sendDraft(id: number): Promise<OutboxEntry> {
  return call<OutboxEntry>('send_draft', { id });
}


// ---- signatures and settings --------------------------------------------------------------

/** Rust command `signatures`. */
export function listSignatures(account?: string): Promise<Signature[]> {
  return call<Signature[]>('signatures', { account: account ?? null });
}

/** Rust command `create_signature`. */
export function createSignature(
  title: string,
  content: SignatureContent,
  isDefault: boolean,
  account?: string,
): Promise<Signature> {
  return call<Signature>('create_signature', { account: account ?? null, title, content, isDefault });
}

/** Rust command `update_signature`. */
export function updateSignature(id: number, change: SignatureChange): Promise<Signature> {
  return call<Signature>('update_signature', { id, change });
}

/** Rust command `delete_signature`. */
export function deleteSignature(id: number): Promise<void> {
  return call<void>('delete_signature', { id });
}

/** Rust command `apply_signature`: swaps the signature in a composition's body. */
export function applySignature(composition: Composition, previous: number | null, next: number | null): Promise<Composition> {
  return call<Composition>('apply_signature', { composition, previous, next });
}

/** Rust command `mdn_policy`: what to do when a sender asks for a read receipt. */
export function getMdnPolicy(): Promise<MdnPolicy> {
  return call<MdnPolicy>('mdn_policy');
}

/** Rust command `set_mdn_policy`. */
export function setMdnPolicy(policy: MdnPolicy): Promise<void> {
  return call<void>('set_mdn_policy', { policy });
}

/** Rust command `open_notifications`: notify when a recipient opens a sent message. */
export function getOpenNotifications(): Promise<boolean> {
  return call<boolean>('open_notifications');
}

/** Rust command `set_open_notifications`. */
export function setOpenNotifications(enabled: boolean): Promise<void> {
  return call<void>('set_open_notifications', { enabled });
}

// ---- desktop notifications ---------------------------------------------------------------

import type { NotificationSettings } from './bindings/NotificationSettings';
import type { OpenTarget } from './bindings/OpenTarget';

export type { NotificationSettings, OpenTarget };

/** Rust command `notification_settings`: new-mail notifications, "ne pas déranger", the digest. */
export function getNotificationSettings(): Promise<NotificationSettings> {
  return call<NotificationSettings>('notification_settings');
}

/** Rust command `set_notification_settings`. */
export function setNotificationSettings(settings: NotificationSettings): Promise<void> {
  return call<void>('set_notification_settings', { settings });
}

/** Rust command `autostart`: whether the session starts the app ("Lancer au démarrage de la session"). */
export function getAutostart(): Promise<boolean> {
  return call<boolean>('autostart');
}

/** Rust command `set_autostart`. */
export function setAutostart(enabled: boolean): Promise<void> {
  return call<void>('set_autostart', { enabled });
}

/** Rust command `take_pending_open`: the message a notification asked for while the window was closed. */
export function takePendingOpen(): Promise<OpenTarget | null> {
  if (!isTauri()) return Promise.resolve(null);
  return call<OpenTarget | null>('take_pending_open');
}

/** A new-mail notification was clicked (event `open-message`): show that message. */
export async function onOpenMessage(listener: (target: OpenTarget) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<OpenTarget>('open-message', (event) => listener(event.payload));
}

/** Rust command `add_account`: logs in once, then saves the account (password in the keyring). */
export function addAccount(account: AccountSetup): Promise<AccountInfo> {
  return call<AccountInfo>('add_account', { account });
}

/** Rust command `autoconfig`: the servers the DNS announces for an address (RFC 6186). */
export function autoconfig(address: string): Promise<AutoConfig> {
  return call<AutoConfig>('autoconfig', { address });
}

/** Messages changed on disk (event `mailbox-changed`, after a sync pass or an action): lists reload. */
export async function onMailboxChanged(listener: () => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<unknown>('mailbox-changed', () => listener());
}

// ---- closing the window -------------------------------------------------------------------
// Work in progress (a draft being typed) is saved before the window goes: hooks run, with
// a time limit so a stuck save never keeps the window open, then the window closes.

const closeHooks = new Set<() => Promise<unknown>>();
let closeListener: Promise<UnlistenFn> | null = null;
const CLOSE_HOOK_LIMIT_MS = 4000;

/** Runs `hook` before the window closes; returns the function that unregisters it. */
export function beforeWindowClose(hook: () => Promise<unknown>): () => void {
  closeHooks.add(hook);
  if (isTauri() && closeListener === null) {
    closeListener = import('@tauri-apps/api/window').then(({ getCurrentWindow }) =>
      getCurrentWindow().onCloseRequested(async () => {
        const limit = new Promise((resolve) => setTimeout(resolve, CLOSE_HOOK_LIMIT_MS));
        await Promise.race([Promise.allSettled([...closeHooks].map((h) => h())), limit]);
      }),
    );
  }
  return () => closeHooks.delete(hook);
}

/** Closes the window the way its close button does (close hooks run first). */
export async function closeWindow(): Promise<void> {
  if (!isTauri()) return;
  const { getCurrentWindow } = await import('@tauri-apps/api/window');
  await getCurrentWindow().close();
}

// ---- signing in and out -------------------------------------------------------------------
// The CPS card (its status, its PIN), a password account's password, e-CPS (Pro Santé
// Connect) and "Se déconnecter". The PIN and the password go to the window once, never kept.

import type { CardPhase } from './bindings/CardPhase';
import type { CardStatus } from './bindings/CardStatus';
import type { Holder } from './bindings/Holder';

export type { CardPhase, CardStatus, Holder };

/** Rust command `card_status`: the readers, the card in them, its holder and PIN tries left. */
export function cardStatus(): Promise<CardStatus> {
  return call<CardStatus>('card_status');
}

/** Rust command `sign_in_with_card`: the PIN presented to the card in the reader. */
export function signInWithCard(pin: string): Promise<Holder> {
  return call<Holder>('sign_in_with_card', { pin });
}

/** Rust command `sign_in_with_password`: a password account signs in again. */
export function signInWithPassword(email: string, password: string): Promise<void> {
  return call<void>('sign_in_with_password', { email, password });
}

/** Rust command `sign_out`: "Se déconnecter" (drafts and outbox kept). */
export function signOut(): Promise<void> {
  return call<void>('sign_out');
}

// ---- the window's lock ---------------------------------------------------------------------
// After a while unused, or on "Verrouiller": no mail is read until the card's PIN
// (`signInWithCard`) or the password is given again.

import type { SessionLock } from './bindings/SessionLock';
import type { UnlockWith } from './bindings/UnlockWith';

export type { SessionLock, UnlockWith };

/** Rust command `session_lock`: locked or not, how it opens, the delay. */
export function sessionLock(): Promise<SessionLock> {
  return call<SessionLock>('session_lock');
}

/** Rust command `set_lock_after_minutes`: one of LOCK_AFTER_CHOICES, or null for never. */
export function setLockAfterMinutes(minutes: number | null): Promise<SessionLock> {
  return call<SessionLock>('set_lock_after_minutes', { minutes });
}

/** Rust command `lock_session`: "Verrouiller", or the delay ran out. */
export function lockSession(): Promise<SessionLock> {
  return call<SessionLock>('lock_session');
}

/** Rust command `unlock_session_with_password`. */
export function unlockSessionWithPassword(email: string, password: string): Promise<void> {
  return call<void>('unlock_session_with_password', { email, password });
}

/** Rust command `signed_out`: whether the user signed out and has not signed in again. */
export function isSignedOut(): Promise<boolean> {
  return call<boolean>('signed_out');
}

/** Rust command `card_phase`: where the card sign-in stands. */
export function getCardPhase(): Promise<CardPhase> {
  return call<CardPhase>('card_phase');
}

/** The card sign-in changed (event `card-phase`): `locked` when the card was pulled out. */
export async function onCardPhase(listener: (phase: CardPhase) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<CardPhase>('card-phase', (event) => listener(event.payload));
}

/** Rust command `associate_card`: the account signs in with the card in the reader from now on. */
export function associateCard(email: string, pin: string): Promise<AccountInfo> {
  return call<AccountInfo>('associate_card', { email, pin });
}

/** Rust command `dissociate_card`: the account signs in with its password again (checked by the server). */
export function dissociateCard(email: string, password: string): Promise<AccountInfo> {
  return call<AccountInfo>('dissociate_card', { email, password });
}


/**
 * Rust command `psc_sign_in_browser`: e-CPS sign-in in the system browser; resolves once
 * signed in (with the account when one was added or found).
 */
export function pscSignInBrowser(email: string | null): Promise<AccountInfo | null> {
  return call<AccountInfo | null>('psc_sign_in_browser', { email });
}

/** Rust command `psc_ciba_start`: asks the e-CPS app of `identifier` to approve; the code to check. */
export function pscCibaStart(identifier: string): Promise<CibaStarted> {
  return call<CibaStarted>('psc_ciba_start', { identifier });
}

/** Rust command `psc_ciba_cancel`: "Annuler" — the window stops waiting for the e-CPS app. */
export function pscCibaCancel(): Promise<void> {
  return call<void>('psc_ciba_cancel');
}

/**
 * Rust command `psc_ciba_wait`: resolves when approved on the phone (fails when denied or too
 * late). `email`: only this account's practitioner is accepted (the locked window's).
 */
export function pscCibaWait(email: string | null = null): Promise<void> {
  return call<void>('psc_ciba_wait', { email });
}

// ---- the directory (Annuaire) -------------------------------------------------------------

import type { DirectoryEntry } from './bindings/DirectoryEntry';
import type { DirectoryFavorite } from './bindings/DirectoryFavorite';
import type { DirectoryInfo } from './bindings/DirectoryInfo';
import type { DirectoryQuery } from './bindings/DirectoryQuery';
import type { ImportSummary } from './bindings/ImportSummary';
import type { ImportProgress } from './bindings/ImportProgress';
import type { RecipientSuggestion } from './bindings/RecipientSuggestion';
import type { DownloadState } from './bindings/DownloadState';
import type { DownloadSourceSettings } from './bindings/DownloadSourceSettings';
import type { AutoReply } from './bindings/AutoReply';
import type { SieveSettings } from './bindings/SieveSettings';

export type { DirectoryEntry, DirectoryFavorite, DirectoryInfo, DirectoryQuery, DownloadSourceSettings, DownloadState, ImportSummary, RecipientSuggestion };

/** Rust command `directory_search`: at most `limit` entries, exact surnames first. */
export function searchDirectory(query: DirectoryQuery, limit = 100): Promise<DirectoryEntry[]> {
  return call<DirectoryEntry[]>('directory_search', { query, limit });
}

/** Rust command `directory_entry`: "Voir la fiche contact"; null when the address is unknown. */
export function directoryEntry(address: string): Promise<DirectoryEntry | null> {
  return call<DirectoryEntry | null>('directory_entry', { address });
}

/** Rust command `directory_info`: the loaded extraction, null before the first import. */
export function directoryInfo(): Promise<DirectoryInfo | null> {
  return call<DirectoryInfo | null>('directory_info');
}

/** Rust command `directory_import`: asks for the file, imports it; null when cancelled. */
export function directoryImport(): Promise<ImportSummary | null> {
  return call<ImportSummary | null>('directory_import');
}

/** Rust command `directory_download`: "Mettre à jour depuis l'Annuaire Santé". */
export function directoryDownload(): Promise<ImportSummary> {
  return call<ImportSummary>('directory_download');
}

/** Rust command `directory_download_state`: the last download's time and outcome; null before the first. */
export function directoryDownloadState(): Promise<DownloadState | null> {
  return call<DownloadState | null>('directory_download_state');
}

/** Rust command `directory_download_source`: the address and CA file set, and the default address. */
export function directoryDownloadSource(): Promise<DownloadSourceSettings> {
  return call<DownloadSourceSettings>('directory_download_source');
}

/** Rust command `set_directory_download_source`: both null goes back to the ANS address. */
export function setDirectoryDownloadSource(url: string | null, caFile: string | null): Promise<DownloadSourceSettings> {
  return call<DownloadSourceSettings>('set_directory_download_source', { url, caFile });
}

/** Rust command `choose_directory_ca_file`: the system's file dialog; null when cancelled. */
export function chooseDirectoryCaFile(): Promise<string | null> {
  return call<string | null>('choose_directory_ca_file');
}

/** Rust command `set_directory_api_key`: the ESANTE-API-KEY, kept in the system's keyring. */
export function setDirectoryApiKey(key: string): Promise<void> {
  return call<void>('set_directory_api_key', { key });
}

/** Rust command `forget_directory_api_key`: the key removed from the keyring. */
export function forgetDirectoryApiKey(): Promise<void> {
  return call<void>('forget_directory_api_key');
}

/** Rust command `directory_api_key_saved`: whether a key is kept (never the key). */
export function directoryApiKeySaved(): Promise<boolean> {
  return call<boolean>('directory_api_key_saved');
}

/** Rust command `directory_search_online`: `found` completed by the Annuaire Santé API's results. */
export function searchDirectoryOnline(query: DirectoryQuery, found: DirectoryEntry[], limit = 100): Promise<DirectoryEntry[]> {
  return call<DirectoryEntry[]>('directory_search_online', { query, found, limit });
}

/** Event `directory-import-progress`: the rows read so far by an import or a download. */
export async function onDirectoryImportProgress(listener: (rows: number) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<ImportProgress>('directory-import-progress', (event) => listener(event.payload.rows));
}

/** Event `directory-updated`: the daily refresh loaded a newer extraction in the background. */
export async function onDirectoryUpdated(listener: () => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen('directory-updated', () => listener());
}

/** Rust command `directory_favorites`: the "Favoris" tab. */
export function directoryFavorites(): Promise<DirectoryFavorite[]> {
  return call<DirectoryFavorite[]>('directory_favorites');
}

/** Rust command `add_directory_favorite`: the star turned on. */
export function addDirectoryFavorite(address: string): Promise<DirectoryFavorite> {
  return call<DirectoryFavorite>('add_directory_favorite', { address });
}

/** Rust command `remove_directory_favorite`: the star turned off. */
export function removeDirectoryFavorite(address: string): Promise<boolean> {
  return call<boolean>('remove_directory_favorite', { address });
}

/** Rust command `favorite_addresses`: which of these addresses are starred. */
export function favoriteAddresses(addresses: string[]): Promise<string[]> {
  return call<string[]>('favorite_addresses', { addresses });
}

/** Rust command `recipient_suggestions`: past correspondents, then directory matches. */
export function recipientSuggestions(text: string, limit = 8): Promise<RecipientSuggestion[]> {
  return call<RecipientSuggestion[]>('recipient_suggestions', { text, limit });
}

// ---- the operator's directory and one's own entry --------------------------------------

/** Rust command `own_entry`: the user's entry in the operator's directory ("Mon compte"). */
export function getOwnEntry(account?: string): Promise<OwnEntry> {
  return call<OwnEntry>('own_entry', { account: account ?? null });
}

/** Rust command `save_own_entry`: writes the fields given; returns the entry as saved. */
export function saveOwnEntry(changes: OwnEntryChanges, account?: string): Promise<OwnEntry> {
  return call<OwnEntry>('save_own_entry', { account: account ?? null, changes });
}

// ---- "Appareils" ------------------------------------------------------------------------

/** Rust command `devices`: the installations of the app that use the account. */
export function listDevices(account?: string): Promise<Devices> {
  return call<Devices>('devices', { account: account ?? null });
}

/** Rust command `revoke_device`: that installation stops at its next contact. */
export function revokeDevice(id: string, account?: string): Promise<Devices> {
  return call<Devices>('revoke_device', { account: account ?? null, id });
}

/** Rust command `reconnect_with_password`: signs in to a revoked account again (server-checked). */
export function reconnectWithPassword(email: string, password: string): Promise<AccountInfo> {
  return call<AccountInfo>('reconnect_with_password', { email, password });
}

/** Rust command `sieve_settings`: the auto-reply and forwarding addresses on the server. */
export function sieveSettings(account?: string): Promise<SieveSettings> {
  return call<SieveSettings>('sieve_settings', { account: account ?? null });
}

/** Rust command `set_auto_reply`: on or off, dates, subject, message (HTML). */
export function setAutoReply(reply: AutoReply, account?: string): Promise<SieveSettings> {
  return call<SieveSettings>('set_auto_reply', { account: account ?? null, reply });
}

/** Rust command `add_forward`: one more address getting a copy of each message. */
export function addForward(address: string, account?: string): Promise<SieveSettings> {
  return call<SieveSettings>('add_forward', { account: account ?? null, address });
}

/** Rust command `remove_forward`. */
export function removeForward(address: string, account?: string): Promise<SieveSettings> {
  return call<SieveSettings>('remove_forward', { account: account ?? null, address });
}

/** Rust command `linked_mailboxes`: the organisational mailboxes a person may use. */
export function linkedMailboxes(address: string, account?: string): Promise<DirectoryEntry[]> {
  return call<DirectoryEntry[]>('linked_mailboxes', { account: account ?? null, address });
}

/**
 * Rust command `search_directory_with_operator`: the national results merged with the
 * operator's (each address once); national alone with `operator: 'unreachable'` offline.
 */
export function searchDirectoryWithOperator(query: DirectoryQuery, limit = 50, account?: string): Promise<DirectorySearch> {
  return call<DirectorySearch>('search_directory_with_operator', { account: account ?? null, query, limit });
}

/** Rust command `directory_card`: "Voir la fiche contact" with the linked organisational mailboxes. */
export function directoryCard(address: string, account?: string): Promise<DirectoryCard> {
  return call<DirectoryCard>('directory_card', { account: account ?? null, address });
}

// ---- updates of the app ------------------------------------------------------------------
// Signed updates (issue 16): the practice's settings, a look on demand, and installing only
// on the user's consent. The background look at start and daily says what it found with
// the event `update-available`.

import type { UpdateSettings } from './bindings/UpdateSettings';
import type { UpdateOffer } from './bindings/UpdateOffer';
import type { UpdateProgress } from './bindings/UpdateProgress';

export type { UpdateSettings, UpdateOffer, UpdateProgress };

/** Rust command `update_settings`: whether the app looks for updates, and where. */
export function updateSettings(): Promise<UpdateSettings> {
  return call<UpdateSettings>('update_settings');
}

/** Rust command `set_updates_enabled`: off, no server is asked at all. */
export function setUpdatesEnabled(enabled: boolean): Promise<UpdateSettings> {
  return call<UpdateSettings>('set_updates_enabled', { enabled });
}

/** Rust command `set_update_server`: the practice's `https://` manifest; null: the project's. */
export function setUpdateServer(server: string | null): Promise<UpdateSettings> {
  return call<UpdateSettings>('set_update_server', { server });
}

/** Rust command `check_for_update`: the newer version offered, or null when up to date. */
export function checkForUpdate(): Promise<UpdateOffer | null> {
  return call<UpdateOffer | null>('check_for_update');
}

/** Rust command `pending_update`: what the last look offered (asks no server). */
export function pendingUpdate(): Promise<UpdateOffer | null> {
  return call<UpdateOffer | null>('pending_update');
}

/** Rust command `install_update`: downloads, verifies, installs, then the app restarts. */
export function installUpdate(): Promise<void> {
  return call<void>('install_update');
}

/** Event `update-available`: the background look found a newer version. */
export async function onUpdateAvailable(listener: (offer: UpdateOffer) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<UpdateOffer>('update-available', (event) => listener(event.payload));
}

/** Event `update-progress`: bytes of the update received so far. */
export async function onUpdateProgress(listener: (progress: UpdateProgress) => void): Promise<UnlistenFn> {
  if (!isTauri()) return () => {};
  return listen<UpdateProgress>('update-progress', (event) => listener(event.payload));
}
