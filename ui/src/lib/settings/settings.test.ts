import { describe, expect, it } from 'vitest';
import type { AccountInfo } from '../bindings/AccountInfo';
import type { Signature } from '../bindings/Signature';
import { SETTINGS_SECTIONS, isSettingsSection, sectionForKey } from './sections';
import { isMssanteAddress, isShared, secureAddresses } from './account';
import {
  MAX_TITLE_LENGTH,
  cleanTitle,
  isEmptyChange,
  isEmptyContent,
  signatureChange,
  signaturePreview,
  sortSignatures,
  validateSignature,
} from './signatures';

describe('sections', () => {
  it('follows the manual’s order', () => {
    expect(SETTINGS_SECTIONS).toEqual([
      'personal',
      'credentials',
      'signatures',
      'autoreply',
      'notifications',
      'forwarding',
      'dematerialisation',
      'devices',
    ]);
    expect(isSettingsSection('signatures')).toBe(true);
    expect(isSettingsSection('delegations')).toBe(false);
  });

  it('moves with the arrows (wrapping), Home and End', () => {
    expect(sectionForKey('personal', 'ArrowDown')).toBe('credentials');
    expect(sectionForKey('personal', 'ArrowRight')).toBe('credentials');
    expect(sectionForKey('personal', 'ArrowUp')).toBe('devices');
    expect(sectionForKey('devices', 'ArrowDown')).toBe('personal');
    expect(sectionForKey('signatures', 'Home')).toBe('personal');
    expect(sectionForKey('signatures', 'End')).toBe('devices');
    expect(sectionForKey('signatures', 'Enter')).toBeNull();
  });
});

const account = (over: Partial<AccountInfo>): AccountInfo => ({
  email: 'x@esante-occitanie.fr',
  display_name: null,
  kind: 'medimail',
  may_write_to_patients: false,
  login: 'x@esante-occitanie.fr',
  imap: 'imap',
  smtp: 'smtp',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
  ...over,
});

describe('account', () => {
  it('tells MSSanté addresses by their domain', () => {
    expect(isMssanteAddress('mss@esante-occitanie.mssante.fr')).toBe(true);
    expect(isMssanteAddress('a@mssante.fr')).toBe(true);
    expect(isMssanteAddress('a@notmssante.fr')).toBe(false);
    expect(isMssanteAddress('nadege.vives@esante-occitanie.fr')).toBe(false);
  });

  it('finds the Medimail and MSSanté addresses without guessing', () => {
    expect(secureAddresses(account({}))).toEqual({ medimail: 'x@esante-occitanie.fr', hasMssante: false, mssante: null });
    expect(
      secureAddresses(account({ kind: 'personnel', email: 'x@oc.mssante.fr', login: 'x@esante-occitanie.fr' })),
    ).toEqual({ medimail: 'x@esante-occitanie.fr', hasMssante: true, mssante: 'x@oc.mssante.fr' });
    expect(secureAddresses(account({ kind: 'interne', login: 'x-login' }))).toEqual({
      medimail: 'x@esante-occitanie.fr',
      hasMssante: true,
      mssante: null,
    });
    expect(secureAddresses(account({ kind: 'personnel', email: 'x@oc.mssante.fr', login: '12345' })).medimail).toBeNull();
  });

  it('knows shared mailboxes', () => {
    expect(isShared(account({ kind: 'organisationnel' }))).toBe(true);
    expect(isShared(account({ kind: 'personnel' }))).toBe(false);
    expect(isShared(null)).toBe(false);
  });
});

const stored: Signature = {
  id: 1,
  account: 'a@b.fr',
  title: 'Cabinet',
  html: '<p>Dr Vives</p>',
  text: 'Dr Vives',
  is_default: false,
  created_at: 0,
  updated_at: 0,
};

describe('signatures', () => {
  it('cleans titles as the engine does', () => {
    expect(cleanTitle('  Cabinet \n  du   lundi ')).toBe('Cabinet du lundi');
  });

  it('validates title and content', () => {
    expect(validateSignature({ title: ' ', html: '', isDefault: false })).toEqual({
      title: 'settings-signatures-error-titleRequired',
      content: 'settings-signatures-error-contentRequired',
    });
    expect(validateSignature({ title: 'x'.repeat(MAX_TITLE_LENGTH + 1), html: 'a', isDefault: false })).toEqual({
      title: 'settings-signatures-error-titleTooLong',
    });
    expect(validateSignature({ title: 'Cabinet', html: '<p>&nbsp;</p><br>', isDefault: false }).content).toBeDefined();
    expect(validateSignature({ title: 'Cabinet', html: '<img src="data:image/png;base64,AA">', isDefault: false })).toEqual({});
  });

  it('knows empty content', () => {
    expect(isEmptyContent('')).toBe(true);
    expect(isEmptyContent('<p> </p>')).toBe(true);
    expect(isEmptyContent('<p>Dr</p>')).toBe(false);
  });

  it('sends only what changed', () => {
    expect(signatureChange(stored, { title: 'Cabinet', html: '<p>Dr Vives</p>', isDefault: false })).toEqual({
      title: null,
      content: null,
      is_default: null,
    });
    expect(isEmptyChange(signatureChange(stored, { title: ' Cabinet ', html: '<p>Dr Vives</p> ', isDefault: false }))).toBe(true);
    expect(signatureChange(stored, { title: 'Cabinet 2', html: '<p>Dr</p>', isDefault: true })).toEqual({
      title: 'Cabinet 2',
      content: { html: '<p>Dr</p>' },
      is_default: true,
    });
  });

  it('does not count the editor’s rewriting of the stored content as a change', () => {
    const rewritten = '<p>Dr Vives</p><p></p>';
    expect(signatureChange(stored, { title: 'Cabinet', html: rewritten, isDefault: false }, rewritten).content).toBeNull();
    expect(signatureChange(stored, { title: 'Cabinet', html: '<p>Dr V.</p>', isDefault: false }, rewritten).content).toEqual({
      html: '<p>Dr V.</p>',
    });
  });

  it('orders the default first, then by title', () => {
    const list = [
      { ...stored, id: 1, title: 'zèbre' },
      { ...stored, id: 2, title: 'Alpha' },
      { ...stored, id: 3, title: 'Milieu', is_default: true },
    ];
    expect(sortSignatures(list).map((s) => s.id)).toEqual([3, 2, 1]);
  });

  it('previews on one line', () => {
    expect(signaturePreview({ ...stored, text: 'Dr Vives\nCabinet' })).toBe('Dr Vives Cabinet');
    expect(signaturePreview({ ...stored, text: 'x'.repeat(100) }, 10)).toBe(`${'x'.repeat(9)}…`);
  });

});
