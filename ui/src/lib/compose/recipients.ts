// Recipient fields as chips: splitting what is typed or pasted, checking each address the way
// the engine does (src-tauri/engine/compose/recipients.rs), counting against the 40 limit.

// The seed's 40 recipients at most (To and CC together) and the patients' domain, as the
// engine has them.
export { MAX_RECIPIENTS, PATIENT_DOMAIN } from '../bindings/constants';
import { MAX_RECIPIENTS, PATIENT_DOMAIN } from '../bindings/constants';

/** Why a chip is shown in red. */
export type ChipError = 'invalid' | 'domain' | 'patient';

export type Chip = {
  /** The entry as it goes into `Composition.to`/`cc`: `address` or `Name <address>`. */
  raw: string;
  /** The bare address (or the text typed when it is not one). */
  address: string;
  name: string | null;
  error: ChipError | null;
};

/**
 * Splits a field on `,` and `;` (and line breaks, for pasted columns), except inside quotes or
 * angle brackets (`"Martin, Claire" <c.martin@…>`). Empty items are dropped.
 */
export function splitList(field: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  let escaped = false;
  for (const c of field) {
    if (escaped) {
      escaped = false;
    } else if (c === '\\' && quoted) {
      escaped = true;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === '<' && !quoted) {
      angle = true;
    } else if (c === '>' && !quoted) {
      angle = false;
    } else if ((c === ',' || c === ';' || c === '\n' || c === '\r') && !quoted && !angle) {
      items.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

// Deliberately close to what lettre accepts: a local part without spaces or brackets, one @,
// a domain of labels. The engine has the last word (checkComposition).
const ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+$/;
const DOMAIN = /^[A-Za-z0-9\u00C0-\uFFFF](?:[A-Za-z0-9\u00C0-\uFFFF-]*[A-Za-z0-9\u00C0-\uFFFF])?(?:\.[A-Za-z0-9\u00C0-\uFFFF](?:[A-Za-z0-9\u00C0-\uFFFF-]*[A-Za-z0-9\u00C0-\uFFFF])?)*$/;

/** One entry (`addr`, `<addr>`, `Name <addr>`, `"Name" <addr>`, `mailto:addr`) as a chip. */
export function parseRecipient(entry: string): Chip {
  const raw = entry.trim();
  let name: string | null = null;
  let address = raw;
  const angled = /^(.*?)<([^<>]*)>$/.exec(raw);
  if (angled) {
    name = unquote(angled[1] ?? '') || null;
    address = (angled[2] ?? '').trim();
  }
  address = address.replace(/^mailto:/i, '');
  const error = addressError(address);
  return {
    raw: name ? `${quoteName(name)} <${address}>` : address,
    address,
    name,
    error,
  };
}

function unquote(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1').trim();
  }
  return trimmed;
}

/** A display name as RFC 5322 wants it: quoted when it holds specials. */
export function quoteName(name: string): string {
  return /[",;:<>()[\]@\\.]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
}

export function addressError(address: string): ChipError | null {
  if (!ADDRESS.test(address)) return 'invalid';
  const domain = address.slice(address.lastIndexOf('@') + 1);
  // No MSSanté mailbox has a domain without a dot: the usual sign of a truncated paste.
  if (!domain.includes('.') || !DOMAIN.test(domain)) return 'domain';
  return null;
}

/** Whether an address belongs to Mon Espace Santé (a patient). */
export function isPatientAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return at > 0 && address.slice(at + 1).toLowerCase() === PATIENT_DOMAIN;
}

/** Chips of a field for the professional mode: a patient's address is refused there. */
export function proChip(entry: string): Chip {
  const chip = parseRecipient(entry);
  if (!chip.error && isPatientAddress(chip.address)) return { ...chip, error: 'patient' };
  return chip;
}

/** Lower case: the same mailbox typed twice counts (and is sent) once. */
export function recipientKey(chip: Chip): string {
  return chip.address.toLowerCase();
}

/**
 * Adds what was typed or pasted to a field's chips; an address already there is not added
 * twice. Returns the new list (the old one is left untouched).
 */
export function addRecipients(chips: readonly Chip[], text: string, make: (entry: string) => Chip = proChip): Chip[] {
  const next = [...chips];
  const known = new Set(next.map(recipientKey));
  for (const entry of splitList(text)) {
    const chip = make(entry);
    const key = recipientKey(chip);
    if (known.has(key)) continue;
    known.add(key);
    next.push(chip);
  }
  return next;
}

/** Chips from `Composition.to`/`cc` (an entry may hold several addresses). */
export function chipsFromEntries(entries: readonly string[], make: (entry: string) => Chip = proChip): Chip[] {
  return addRecipients([], entries.join(', '), make);
}

/** What goes back into the composition. */
export function entriesFromChips(chips: readonly Chip[]): string[] {
  return chips.map((chip) => chip.raw);
}

/** Distinct recipients of To and CC together, as the 40 limit counts them. */
export function countRecipients(...fields: ReadonlyArray<readonly Chip[]>): number {
  const keys = new Set<string>();
  for (const field of fields) for (const chip of field) keys.add(recipientKey(chip));
  return keys.size;
}

export function overLimit(count: number): boolean {
  return count > MAX_RECIPIENTS;
}

/** A sender of the autocomplete list as an entry. */
export function senderEntry(sender: { address: string; name: string | null }): string {
  return sender.name?.trim() ? `${quoteName(sender.name.trim())} <${sender.address}>` : sender.address;
}
