// The compose window's state to and from a `Composition`, without the editor.
import type { ComposeAttachment } from '../bindings/ComposeAttachment';
import type { ComposeMode } from '../bindings/ComposeMode';
import type { Composition } from '../bindings/Composition';
import type { Sender } from '../bindings/Sender';
import { parseDataUrl } from './files';
import { formatIns } from './ins';
import { entriesFromChips, isPatientAddress, parseRecipient, type Chip } from './recipients';

export function emptyComposition(mode: ComposeMode, from: Sender): Composition {
  return {
    mode,
    from,
    to: [],
    cc: [],
    patient_ins: null,
    subject: '',
    body_text: '',
    body_html: null,
    attachments: [],
    in_reply_to: null,
    references: [],
    request_read_receipt: false,
    close_exchange: false,
  };
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y): boolean {
  return a.length === b.length && a.every((item, i) => same(item, b[i] as T));
}

function sameAttachment(a: ComposeAttachment, b: ComposeAttachment): boolean {
  return (
    a.file_name === b.file_name &&
    a.mime_type === b.mime_type &&
    a.inline_content_id === b.inline_content_id &&
    // Usually the same string object: === is then immediate, even for a large file.
    a.content === b.content
  );
}

/** Whether saving `b` after `a` would change anything. */
export function sameComposition(a: Composition | null, b: Composition | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.mode === b.mode &&
    a.from.address === b.from.address &&
    a.from.name === b.from.name &&
    sameList(a.to, b.to) &&
    sameList(a.cc, b.cc) &&
    (a.patient_ins ?? '') === (b.patient_ins ?? '') &&
    a.subject === b.subject &&
    a.body_text === b.body_text &&
    (a.body_html ?? '') === (b.body_html ?? '') &&
    sameList(a.attachments, b.attachments, sameAttachment) &&
    a.in_reply_to === b.in_reply_to &&
    sameList(a.references, b.references) &&
    a.request_read_receipt === b.request_read_receipt &&
    a.close_exchange === b.close_exchange
  );
}

function referencesCid(html: string, cid: string): boolean {
  return html.toLowerCase().includes(`cid:${cid.toLowerCase()}`);
}

/**
 * A composition's attachments as the window shows them: the files listed under the subject,
 * and the images of the body (by Content-ID), which the editor shows in place.
 */
export function splitAttachments(composition: Pick<Composition, 'attachments' | 'body_html'>): {
  files: ComposeAttachment[];
  inline: Record<string, ComposeAttachment>;
} {
  const html = composition.body_html ?? '';
  const files: ComposeAttachment[] = [];
  const inline: Record<string, ComposeAttachment> = {};
  for (const attachment of composition.attachments) {
    const cid = attachment.inline_content_id;
    if (cid && referencesCid(html, cid)) inline[cid] = attachment;
    else files.push(attachment);
  }
  return { files, inline };
}

/** FNV-1a: a stable Content-ID for an image pasted as a data: URL (same image, same id). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The editor's HTML as it goes into the message:
 * - empty paragraphs keep their line (`<p><br></p>`: mail readers collapse `<p></p>`);
 * - images pasted as `data:` URLs become inline parts (many readers block data: images);
 * - the inline images still referenced by the body come along, the others are dropped.
 */
export function outgoingBody(
  editorHtml: string,
  inline: Readonly<Record<string, ComposeAttachment>>,
): { html: string; inline: ComposeAttachment[] } {
  const pasted: ComposeAttachment[] = [];
  let html = editorHtml.replace(/<p(\s[^>]*)?><\/p>/g, (_m, attrs: string | undefined) => `<p${attrs ?? ''}><br></p>`);
  html = html.replace(/(<img\b[^>]*?\bsrc=")(data:[^"]*)(")/gi, (whole, before: string, url: string, after: string) => {
    const parsed = parseDataUrl(url.replace(/&amp;/g, '&'));
    if (!parsed || !parsed.mime_type.startsWith('image/')) return whole;
    const cid = `pasted-${hash(parsed.content)}@medimail`;
    if (!pasted.some((a) => a.inline_content_id === cid)) {
      const ext = parsed.mime_type.split('/')[1]?.replace(/\W.*$/, '') || 'img';
      pasted.push({ file_name: `image-${hash(parsed.content)}.${ext}`, mime_type: parsed.mime_type, content: parsed.content, inline_content_id: cid });
    }
    return `${before}cid:${cid}${after}`;
  });
  const kept = Object.entries(inline)
    .filter(([cid]) => referencesCid(html, cid))
    .map(([, attachment]) => attachment);
  return { html, inline: [...kept, ...pasted] };
}

/** The id in `<div class="medimail-signature" data-signature-id="N">`, if the body has one. */
export function signatureIdIn(html: string | null): number | null {
  const match = /<div class="medimail-signature"[^>]*\bdata-signature-id="(\d+)"/i.exec(html ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * What the INS field shows for a patient message: the INS typed, or, for a reply, the INS
 * of the patient's address (`<INS>@patient.mssante.fr`) found in To.
 */
export function patientField(composition: Pick<Composition, 'patient_ins' | 'to'>): string {
  const typed = composition.patient_ins?.trim();
  if (typed) return formatIns(typed);
  const entries = composition.to.map(parseRecipient);
  const patient = entries.find((chip) => !chip.error && isPatientAddress(chip.address));
  if (patient) return formatIns(patient.address.slice(0, patient.address.lastIndexOf('@')));
  return entries.map((chip) => chip.raw).join(', ');
}

/** A plain-text body (a draft saved without HTML) as editor HTML. */
export function textAsHtml(text: string): string {
  if (!text.trim()) return '';
  const escape = (line: string) =>
    line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').map(escape).join('<br>')}</p>`)
    .join('');
}

/** What the compose window's fields hold, as they are typed. */
export type ComposeFields = {
  mode: ComposeMode;
  from: Sender;
  /** Chips, the text still being typed included. */
  to: readonly Chip[];
  cc: readonly Chip[];
  ins: string;
  subject: string;
  /** The editor's HTML. */
  html: string;
  files: readonly ComposeAttachment[];
  inline: Readonly<Record<string, ComposeAttachment>>;
  receipt: boolean;
  closeExchange: boolean;
  inReplyTo: string | null;
  references: readonly string[];
};

/**
 * The composition the engine checks, saves and sends. A patient message has no To/CC (the
 * engine addresses it from the INS) and always asks for a read receipt; a Pro message never
 * closes an exchange.
 */
export function compositionOf(fields: ComposeFields): Composition {
  const body = outgoingBody(fields.html, fields.inline);
  const common = {
    from: fields.from,
    subject: fields.subject,
    // The engine makes the text part from the HTML.
    body_text: '',
    body_html: body.html,
    attachments: [...fields.files, ...body.inline],
    in_reply_to: fields.inReplyTo,
    references: [...fields.references],
  };
  if (fields.mode === 'patient') {
    const ins = fields.ins.trim();
    return {
      ...common,
      mode: fields.mode,
      to: [],
      cc: [],
      patient_ins: ins === '' ? null : ins,
      request_read_receipt: true,
      close_exchange: fields.closeExchange,
    };
  }
  return {
    ...common,
    mode: fields.mode,
    to: entriesFromChips(fields.to),
    cc: entriesFromChips(fields.cc),
    patient_ins: null,
    request_read_receipt: fields.receipt,
    close_exchange: false,
  };
}
