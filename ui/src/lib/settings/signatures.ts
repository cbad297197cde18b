// Pure rules of the Signatures screen (seed part 2 §3), mirroring the engine's checks
// (`src-tauri/engine/signatures.rs`) so that the user is told before anything is sent.
import type { Signature } from '../bindings/Signature';
import type { SignatureChange } from '../bindings/SignatureChange';
import type { MessageKey } from '../i18n/index.svelte';

/** The engine keeps at most this many characters of an "Intitulé". */
export const MAX_TITLE_LENGTH = 200;

export type SignatureDraft = { title: string; html: string; isDefault: boolean };

export type SignatureProblems = { title?: MessageKey; content?: MessageKey };

/** The title as the engine stores it: one line, single spaces. */
export function cleanTitle(title: string): string {
  return title.split(/\s+/).filter(Boolean).join(' ');
}

/** The visible text of some editor HTML (tags dropped, entities decoded, spaces collapsed). */
export function htmlText(html: string): string {
  if (typeof DOMParser !== 'undefined') {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Empty for the engine: no text and no image. */
export function isEmptyContent(html: string): boolean {
  return htmlText(html) === '' && !/<img\b/i.test(html);
}

export function validateSignature(draft: SignatureDraft): SignatureProblems {
  const problems: SignatureProblems = {};
  const title = cleanTitle(draft.title);
  if (title === '') problems.title = 'settings-signatures-error-titleRequired';
  else if ([...title].length > MAX_TITLE_LENGTH) problems.title = 'settings-signatures-error-titleTooLong';
  if (isEmptyContent(draft.html)) problems.content = 'settings-signatures-error-contentRequired';
  return problems;
}

export function hasProblems(problems: SignatureProblems): boolean {
  return problems.title !== undefined || problems.content !== undefined;
}

/**
 * Only what differs from the stored signature (the engine leaves `null` fields untouched).
 * `baselineHtml` is the stored content as the editor rewrote it on loading, when it did:
 * that rewriting alone is not a change.
 */
export function signatureChange(original: Signature, draft: SignatureDraft, baselineHtml = original.html): SignatureChange {
  const title = cleanTitle(draft.title);
  const html = draft.html.trim();
  return {
    title: title !== original.title ? title : null,
    content: html !== original.html.trim() && html !== baselineHtml.trim() ? { html: draft.html } : null,
    is_default: draft.isDefault !== original.is_default ? draft.isDefault : null,
  };
}

export function isEmptyChange(change: SignatureChange): boolean {
  return change.title === null && change.content === null && change.is_default === null;
}

/** The list as shown: the default first, then by title (as the engine orders it). */
export function sortSignatures(list: readonly Signature[]): Signature[] {
  return [...list].sort(
    (a, b) =>
      Number(b.is_default) - Number(a.is_default) ||
      a.title.localeCompare(b.title, 'fr', { sensitivity: 'base' }) ||
      a.id - b.id,
  );
}

/** A one-line preview of a signature's content for the list. */
export function signaturePreview(signature: Signature, max = 80): string {
  const text = (signature.text || htmlText(signature.html)).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
