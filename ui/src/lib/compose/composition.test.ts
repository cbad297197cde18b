import { describe, expect, it } from 'vitest';
import {
  compositionOf,
  emptyComposition,
  outgoingBody,
  patientField,
  sameComposition,
  signatureIdIn,
  splitAttachments,
  textAsHtml,
} from './composition';
import type { ComposeAttachment } from '../bindings/ComposeAttachment';
import { proChip } from './recipients';
import type { ComposeFields } from './composition';

const from = { address: 'dr@medecin.mssante.fr', name: 'Dr' };
const image: ComposeAttachment = { file_name: 'a.png', mime_type: 'image/png', content: 'iVBORw0KGgo=', inline_content_id: 'img-1@medimail' };
const pdf: ComposeAttachment = { file_name: 'cr.pdf', mime_type: 'application/pdf', content: 'JVBERi0=', inline_content_id: null };

describe('sameComposition', () => {
  it('compares every field', () => {
    const a = emptyComposition('pro', from);
    expect(sameComposition(a, { ...a })).toBe(true);
    expect(sameComposition(a, { ...a, subject: 'x' })).toBe(false);
    expect(sameComposition(a, { ...a, to: ['a@b.fr'] })).toBe(false);
    expect(sameComposition(a, { ...a, attachments: [pdf] })).toBe(false);
    expect(sameComposition({ ...a, attachments: [pdf] }, { ...a, attachments: [{ ...pdf }] })).toBe(true);
    expect(sameComposition({ ...a, body_html: null }, { ...a, body_html: '' })).toBe(true);
    expect(sameComposition(a, null)).toBe(false);
    expect(sameComposition(null, null)).toBe(true);
  });
});

describe('attachments and inline images', () => {
  it('splits files from the images the body shows', () => {
    const split = splitAttachments({
      attachments: [pdf, image, { ...image, inline_content_id: 'orphan@x' }],
      body_html: '<p><img src="cid:img-1@medimail"></p>',
    });
    expect(split.files.map((f) => f.file_name)).toEqual(['cr.pdf', 'a.png']);
    expect(Object.keys(split.inline)).toEqual(['img-1@medimail']);
  });

  it('keeps only the inline images still in the body', () => {
    const inline = { 'img-1@medimail': image, 'gone@medimail': { ...image, inline_content_id: 'gone@medimail' } };
    const body = outgoingBody('<p>x<img src="cid:img-1@medimail"></p>', inline);
    expect(body.inline).toEqual([image]);
  });

  it('turns pasted data: images into inline parts with a stable Content-ID', () => {
    const html = '<p><img src="data:image/png;base64,iVBORw0KGgo="></p>';
    const first = outgoingBody(html, {});
    const second = outgoingBody(html, {});
    expect(first.html).toMatch(/<img src="cid:pasted-[0-9a-f]{8}@medimail">/);
    expect(first.inline).toHaveLength(1);
    expect(first.inline[0]).toMatchObject({ mime_type: 'image/png', content: 'iVBORw0KGgo=' });
    expect(second).toEqual(first);
  });

  it('keeps empty paragraphs as lines', () => {
    expect(outgoingBody('<p>a</p><p></p><p style="text-align: center;"></p>', {}).html).toBe(
      '<p>a</p><p><br></p><p style="text-align: center;"><br></p>',
    );
  });
});

describe('signatureIdIn', () => {
  it('finds the signature block the engine inserted', () => {
    expect(signatureIdIn('<p>x</p><div class="medimail-signature" data-signature-id="12">-- <br>Dr</div>')).toBe(12);
    expect(signatureIdIn('<p>x</p>')).toBeNull();
    expect(signatureIdIn(null)).toBeNull();
  });
});

describe('patientField', () => {
  it('shows the INS typed, grouped', () => {
    expect(patientField({ patient_ins: '185057800608436', to: [] })).toBe('1 85 05 78 006 084 36');
  });

  it('takes the INS of the patient address of a reply', () => {
    expect(patientField({ patient_ins: null, to: ['Jean Patient <185057800608436@patient.mssante.fr>'] })).toBe(
      '1 85 05 78 006 084 36',
    );
  });
});

describe('textAsHtml', () => {
  it('escapes and keeps paragraphs and lines', () => {
    expect(textAsHtml('a < b\nc\n\nd')).toBe('<p>a &lt; b<br>c</p><p>d</p>');
    expect(textAsHtml('  ')).toBe('');
  });
});

describe('compositionOf', () => {
  const fields: ComposeFields = {
    mode: 'pro',
    from,
    to: [proChip('Dr Paul Martin <paul.martin@medecin.mssante.fr>')],
    cc: [proChip('x@y.fr')],
    ins: '1 85 05 78 006 084 36 ',
    subject: 'Compte rendu',
    html: '<p>Bonjour</p><p></p><p><img src="cid:img-1@medimail"></p>',
    files: [pdf],
    inline: { 'img-1@medimail': image, 'gone@medimail': { ...image, inline_content_id: 'gone@medimail' } },
    receipt: true,
    closeExchange: true,
    inReplyTo: '<a@b>',
    references: ['<a@b>'],
  };

  it('makes a Pro message of the chips, with the receipt asked for and no exchange to close', () => {
    expect(compositionOf(fields)).toEqual({
      mode: 'pro',
      from,
      to: ['Dr Paul Martin <paul.martin@medecin.mssante.fr>'],
      cc: ['x@y.fr'],
      patient_ins: null,
      subject: 'Compte rendu',
      body_text: '',
      body_html: '<p>Bonjour</p><p><br></p><p><img src="cid:img-1@medimail"></p>',
      attachments: [pdf, image],
      in_reply_to: '<a@b>',
      references: ['<a@b>'],
      request_read_receipt: true,
      close_exchange: false,
    });
  });

  it('makes a patient message of the INS, without To or CC, always with a receipt', () => {
    const patient = compositionOf({ ...fields, mode: 'patient', receipt: false });
    expect(patient.to).toEqual([]);
    expect(patient.cc).toEqual([]);
    expect(patient.patient_ins).toBe('1 85 05 78 006 084 36');
    expect(patient.request_read_receipt).toBe(true);
    expect(patient.close_exchange).toBe(true);
    expect(compositionOf({ ...fields, mode: 'patient', ins: '  ' }).patient_ins).toBeNull();
  });
});
