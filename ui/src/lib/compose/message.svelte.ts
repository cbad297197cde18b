// The message being written, field by field as the compose window edits them, and the same
// message as a `Composition` (what the engine checks, saves and sends).
import type { ComposeMode } from '../bindings/ComposeMode';
import type { Composition } from '../bindings/Composition';
import type { Sender } from '../bindings/Sender';
import { ComposeFiles } from './attachments.svelte';
import { compositionOf, patientField, signatureIdIn, splitAttachments, textAsHtml } from './composition';
import { addRecipients, chipsFromEntries, countRecipients, type Chip } from './recipients';

export class ComposeMessage {
  mode = $state<ComposeMode>('pro');
  from = $state<Sender>({ address: '', name: null });
  toChips = $state<Chip[]>([]);
  /** What is typed in À and not yet a chip: it counts, and leaves, all the same. */
  toPending = $state('');
  ccChips = $state<Chip[]>([]);
  ccPending = $state('');
  ins = $state('');
  subject = $state('');
  /** The editor's HTML. */
  html = $state('');
  receipt = $state(false);
  closeExchange = $state(false);
  signatureId = $state<number | null>(null);
  draftId = $state<number | null>(null);
  readonly attachments = new ComposeFiles();
  #inReplyTo = $state.raw<string | null>(null);
  #references = $state.raw<string[]>([]);

  readonly toAll = $derived(addRecipients(this.toChips, this.toPending));
  readonly ccAll = $derived(addRecipients(this.ccChips, this.ccPending));
  /** À and CC together, as the 40-recipient limit counts them. */
  readonly recipientCount = $derived(countRecipients(this.toAll, this.ccAll));

  readonly composition: Composition = $derived(
    compositionOf({
      mode: this.mode,
      from: this.from,
      to: this.toAll,
      cc: this.ccAll,
      ins: this.ins,
      subject: this.subject,
      html: this.html,
      files: this.attachments.files,
      inline: this.attachments.inline,
      receipt: this.receipt,
      closeExchange: this.closeExchange,
      inReplyTo: this.#inReplyTo,
      references: this.#references,
    }),
  );

  constructor(mode: ComposeMode, from: Sender) {
    this.mode = mode;
    this.from = from;
  }

  /** Opens a composition (a new message, a reply, a draft); the sender stays when it has none. */
  load(source: Composition, draftId: number | null, signatureId: number | null): void {
    this.mode = source.mode;
    if (source.from.address) this.from = source.from;
    if (source.mode === 'patient') {
      this.ins = patientField(source);
    } else {
      this.toChips = chipsFromEntries(source.to);
      this.ccChips = chipsFromEntries(source.cc);
    }
    this.subject = source.subject;
    this.attachments.set(splitAttachments(source));
    this.html = source.body_html ?? textAsHtml(source.body_text);
    this.#inReplyTo = source.in_reply_to;
    this.#references = [...source.references];
    this.receipt = source.request_read_receipt;
    this.closeExchange = source.close_exchange;
    this.draftId = draftId;
    this.signatureId = signatureId ?? signatureIdIn(source.body_html);
  }

  /** The body and attachments as the engine rewrote them around another signature. */
  useSignature(updated: Composition, signatureId: number | null): void {
    this.attachments.set(splitAttachments(updated));
    this.signatureId = signatureId;
    this.html = updated.body_html ?? '';
  }

  /** What was typed after the last chip becomes chips (before sending or closing). */
  commitPending(): void {
    if (this.toPending.trim()) this.toChips = this.toAll;
    if (this.ccPending.trim()) this.ccChips = this.ccAll;
    this.toPending = '';
    this.ccPending = '';
  }
}
