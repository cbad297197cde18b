import { describe, expect, it } from 'vitest';
import {
  addRecipients,
  chipsFromEntries,
  countRecipients,
  entriesFromChips,
  MAX_RECIPIENTS,
  overLimit,
  parseRecipient,
  proChip,
  senderEntry,
  splitList,
} from './recipients';

describe('splitList', () => {
  it('splits on commas, semicolons and line breaks, dropping empty items', () => {
    expect(splitList('a@b.fr, c@d.fr;e@f.fr\ng@h.fr ,, ;')).toEqual(['a@b.fr', 'c@d.fr', 'e@f.fr', 'g@h.fr']);
  });

  it('keeps a comma inside a quoted name or angle brackets', () => {
    expect(splitList('"Martin, Claire" <c.martin@chu.mssante.fr>, x@y.fr')).toEqual([
      '"Martin, Claire" <c.martin@chu.mssante.fr>',
      'x@y.fr',
    ]);
  });

  it('is empty for blank input', () => {
    expect(splitList('  ,  ')).toEqual([]);
  });
});

describe('parseRecipient', () => {
  it('accepts a bare address', () => {
    expect(parseRecipient(' jean.dupont@medecin.mssante.fr ')).toEqual({
      raw: 'jean.dupont@medecin.mssante.fr',
      address: 'jean.dupont@medecin.mssante.fr',
      name: null,
      error: null,
    });
  });

  it('reads a display name, quoting it again when needed', () => {
    const chip = parseRecipient('"Martin, Claire" <c.martin@chu.mssante.fr>');
    expect(chip.name).toBe('Martin, Claire');
    expect(chip.address).toBe('c.martin@chu.mssante.fr');
    expect(chip.raw).toBe('"Martin, Claire" <c.martin@chu.mssante.fr>');
    expect(parseRecipient('Dr Paul <p@x.fr>').raw).toBe('Dr Paul <p@x.fr>');
  });

  it('says why an address is refused', () => {
    expect(parseRecipient('jean.dupont').error).toBe('invalid');
    expect(parseRecipient('a@@b.fr').error).toBe('invalid');
    expect(parseRecipient('a b@c.fr').error).toBe('invalid');
    expect(parseRecipient('jean@medecin').error).toBe('domain');
    expect(parseRecipient('jean@.fr').error).toBe('domain');
  });

  it('refuses a patient address in a professional message', () => {
    expect(proChip('185057800608436@patient.mssante.fr').error).toBe('patient');
    expect(parseRecipient('185057800608436@patient.mssante.fr').error).toBeNull();
  });

  it('drops a mailto: prefix', () => {
    expect(parseRecipient('mailto:a@b.fr').address).toBe('a@b.fr');
  });
});

describe('addRecipients', () => {
  it('makes several chips from a paste and ignores an address already there', () => {
    const first = addRecipients([], 'a@b.fr, c@d.fr');
    expect(first.map((c) => c.address)).toEqual(['a@b.fr', 'c@d.fr']);
    const second = addRecipients(first, 'A@B.fr; e@f.fr');
    expect(second.map((c) => c.address)).toEqual(['a@b.fr', 'c@d.fr', 'e@f.fr']);
    expect(first).toHaveLength(2);
  });

  it('keeps invalid entries, to be shown in red', () => {
    const chips = addRecipients([], 'ok@x.fr, pas-une-adresse');
    expect(chips[1]).toMatchObject({ address: 'pas-une-adresse', error: 'invalid' });
  });

  it('goes back and forth with composition entries', () => {
    const chips = chipsFromEntries(['a@b.fr, Dr X <x@y.fr>', 'z@w.fr']);
    expect(entriesFromChips(chips)).toEqual(['a@b.fr', 'Dr X <x@y.fr>', 'z@w.fr']);
  });
});

describe('counting against the 40 limit', () => {
  it('counts To and CC together, each mailbox once', () => {
    const to = addRecipients([], 'a@b.fr, c@d.fr');
    const cc = addRecipients([], 'C@D.fr, e@f.fr');
    expect(countRecipients(to, cc)).toBe(3);
  });

  it('is over the limit from 41', () => {
    const many = addRecipients([], Array.from({ length: 41 }, (_, i) => `p${i}@x.fr`).join(','));
    expect(countRecipients(many)).toBe(41);
    expect(overLimit(countRecipients(many))).toBe(true);
    expect(overLimit(MAX_RECIPIENTS)).toBe(false);
  });
});

describe('senderEntry', () => {
  it('writes a suggestion as an entry', () => {
    expect(senderEntry({ address: 'a@b.fr', name: null })).toBe('a@b.fr');
    expect(senderEntry({ address: 'a@b.fr', name: 'Dr A. Martin' })).toBe('"Dr A. Martin" <a@b.fr>');
  });
});
