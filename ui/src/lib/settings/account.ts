// What the settings screens can tell from an `AccountInfo` alone (no server call).
import type { AccountInfo } from '../bindings/AccountInfo';
import type { AccountKind } from '../bindings/AccountKind';
import type { MessageKey } from '../i18n/index.svelte';

export const KIND_KEYS: Record<AccountKind, MessageKey> = {
  personnel: 'settings-kind-personnel',
  interne: 'settings-kind-interne',
  medimail: 'settings-kind-medimail',
  organisationnel: 'settings-kind-organisationnel',
};

/** The manual's description of each account type (part 2 §1 B "Activité"). */
export const KIND_ABOUT_KEYS: Record<AccountKind, MessageKey> = {
  personnel: 'settings-kind-personnel-about',
  interne: 'settings-kind-interne-about',
  medimail: 'settings-kind-medimail-about',
  organisationnel: 'settings-kind-organisationnel-about',
};

/** A shared (organisational) mailbox: the manual's part 3 applies instead of part 2. */
export function isShared(account: AccountInfo | null): boolean {
  return account?.kind === 'organisationnel';
}

/** MSSanté addresses all live under a `mssante.fr` domain. */
export function isMssanteAddress(address: string): boolean {
  const domain = address.split('@')[1]?.toLowerCase() ?? '';
  return domain === 'mssante.fr' || domain.endsWith('.mssante.fr');
}

function looksLikeAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(value);
}

export type SecureAddresses = {
  /** The Medimail address (the sign-in identifier), when it can be told; null when unknown. */
  medimail: string | null;
  /** Whether this kind of account has an MSSanté address at all. */
  hasMssante: boolean;
  /** The MSSanté address, when it can be told; null when unknown (or none). */
  mssante: string | null;
};

/**
 * The manual's two addresses (part 2 §1 C): the Medimail one is the sign-in identifier, the
 * MSSanté one (personnel, interne, organisationnel accounts) is under `*.mssante.fr`.
 * Nothing is guessed: an address the account does not reveal is null.
 */
export function secureAddresses(account: AccountInfo): SecureAddresses {
  const hasMssante = account.kind !== 'medimail';
  const candidates = [account.login, account.email].filter(looksLikeAddress);
  const medimail = candidates.find((address) => !isMssanteAddress(address)) ?? null;
  const mssante = hasMssante ? (candidates.find(isMssanteAddress) ?? null) : null;
  return { medimail, hasMssante, mssante };
}
