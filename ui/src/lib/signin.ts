// The sign-in screen's plain rules: the card status as one sentence, the holder's name,
// and which ways in an existing profile offers. No backend call here (backend.ts owns them).
import type { AccountInfo } from './bindings/AccountInfo';
import type { AuthMethod } from './bindings/AuthMethod';
import type { CardStatus } from './bindings/CardStatus';
import type { Holder } from './bindings/Holder';
import { i18n, type MessageKey } from './i18n/index.svelte';

/** "Dr Prénom Nom" for a physician, "Prénom Nom" otherwise. */
export function holderName(holder: Holder): string {
  const name = `${holder.given_name} ${holder.surname}`.trim();
  return holder.profession && /m[ée]decin/i.test(holder.profession) ? `Dr ${name}` : name;
}

/** What the reader holds, in one sentence ("Carte de Dr Prénom Nom", "Cette carte n'est pas une carte CPS"…). */
export function cardSentence(status: CardStatus | null): string {
  if (!status) return i18n.t('signin-card-checkingStatus');
  if (status.state === 'ready' && status.card?.holder) {
    return i18n.t('signin-card-holder', { name: holderName(status.card.holder) });
  }
  return i18n.t(`signin-card-state-${status.state}` as MessageKey);
}

/** The PIN tries left, when the card said and fewer than usual remain worth saying. */
export function triesSentence(status: CardStatus | null): string | null {
  const tries = status?.state === 'ready' ? status.card?.tries_left : null;
  return typeof tries === 'number' ? i18n.t('signin-card-tries', { tries }) : null;
}

export type SignInMethod = 'card' | 'ecps' | 'password';

const METHOD_OF: Record<AuthMethod, SignInMethod> = { card: 'card', psc: 'ecps', password: 'password' };

/**
 * The ways in offered: every way to add an account; to sign in again, the ways the
 * profile's accounts use (in the seed's order: card, e-CPS, password).
 */
export function methodsFor(accounts: AccountInfo[] | null): SignInMethod[] {
  const all: SignInMethod[] = ['card', 'ecps', 'password'];
  if (!accounts) return all;
  const used = new Set(accounts.map((a) => METHOD_OF[a.auth ?? 'password']));
  return all.filter((m) => used.has(m));
}
