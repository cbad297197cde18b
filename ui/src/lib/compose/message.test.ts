import { describe, expect, it } from 'vitest';
import type { ComposeAttachment } from '../bindings/ComposeAttachment';
import type { Composition } from '../bindings/Composition';
import { emptyComposition } from './composition';
import { ComposeMessage } from './message.svelte';

const me = { address: 'dr@medecin.mssante.fr', name: 'Dr Vives' };
const pdf: ComposeAttachment = { file_name: 'cr.pdf', mime_type: 'application/pdf', content: 'JVBERi0=', inline_content_id: null };
const logo: ComposeAttachment = { file_name: 'logo.png', mime_type: 'image/png', content: 'iVBORw0KGgo=', inline_content_id: 'logo@medimail' };

function reply(over: Partial<Composition> = {}): Composition {
  return {
    ...emptyComposition('pro', { address: '', name: null }),
    to: ['Dr Paul Martin <paul.martin@medecin.mssante.fr>'],
    cc: ['x@y.fr'],
    subject: 'RE: Compte rendu',
    body_html: '<p>Merci</p><div class="medimail-signature" data-signature-id="3"><img src="cid:logo@medimail"></div>',
    attachments: [pdf, logo],
    in_reply_to: '<a@b>',
    references: ['<a@b>'],
    request_read_receipt: true,
    ...over,
  };
}

describe('ComposeMessage', () => {
  it('opens a reply field by field, keeping the sender it has when the reply names none', () => {
    const message = new ComposeMessage('pro', me);
    message.load(reply(), 12, null);
    expect(message.from).toEqual(me);
    expect(message.toChips.map((chip) => chip.address)).toEqual(['paul.martin@medecin.mssante.fr']);
    expect(message.ccChips.map((chip) => chip.address)).toEqual(['x@y.fr']);
    expect(message.subject).toBe('RE: Compte rendu');
    expect(message.attachments.files).toEqual([pdf]);
    expect(Object.keys(message.attachments.inline)).toEqual(['logo@medimail']);
    expect(message.receipt).toBe(true);
    expect(message.draftId).toBe(12);
    expect(message.signatureId).toBe(3);
  });

  it('gives back what it opened as a composition', () => {
    const message = new ComposeMessage('pro', me);
    const source = { ...reply(), from: me };
    message.load(source, null, 3);
    expect(message.composition).toEqual(source);
  });

  it('opens a patient message with the INS of the patient’s address', () => {
    const message = new ComposeMessage('patient', me);
    message.load(reply({ mode: 'patient', to: ['185057800608436@patient.mssante.fr'], cc: [] }), null, null);
    expect(message.ins).toBe('1 85 05 78 006 084 36');
    expect(message.toChips).toEqual([]);
    expect(message.composition.patient_ins).toBe('1 85 05 78 006 084 36');
    expect(message.composition.to).toEqual([]);
  });

  it('opens a plain-text draft in the editor as paragraphs', () => {
    const message = new ComposeMessage('pro', me);
    message.load({ ...emptyComposition('pro', me), body_text: 'Bonjour,\n\nà bientôt' }, 5, null);
    expect(message.html).toBe('<p>Bonjour,</p><p>à bientôt</p>');
  });

  it('counts and sends what is still being typed, and makes chips of it on demand', () => {
    const message = new ComposeMessage('pro', me);
    message.toPending = 'a@b.fr, c@d.fr';
    message.ccPending = 'a@b.fr';
    expect(message.recipientCount).toBe(2);
    expect(message.composition.to).toEqual(['a@b.fr', 'c@d.fr']);
    message.commitPending();
    expect(message.toChips.map((chip) => chip.address)).toEqual(['a@b.fr', 'c@d.fr']);
    expect(message.ccChips.map((chip) => chip.address)).toEqual(['a@b.fr']);
    expect(message.toPending).toBe('');
    expect(message.ccPending).toBe('');
  });

  it('takes the body and images the engine rewrote around another signature', () => {
    const message = new ComposeMessage('pro', me);
    message.load(reply(), null, 3);
    message.useSignature({ ...reply(), body_html: '<p>Merci</p>', attachments: [pdf, logo] }, null);
    expect(message.signatureId).toBeNull();
    expect(message.html).toBe('<p>Merci</p>');
    // The logo is no longer in the body: it is an ordinary attachment now.
    expect(message.attachments.files).toEqual([pdf, logo]);
    expect(message.attachments.inline).toEqual({});
  });
});
