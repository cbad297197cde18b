import { describe, expect, it } from 'vitest';
import { caretAfter, formatIns, looksLikeIns, normalizeIns, significantBefore } from './ins';

describe('INS formatting', () => {
  it('groups a full INS as sex, year, month, department, commune, order, key', () => {
    expect(formatIns('185057800608436')).toBe('1 85 05 78 006 084 36');
    expect(formatIns('1 850578 00608436')).toBe('1 85 05 78 006 084 36');
  });

  it('groups a partial INS as far as it goes', () => {
    expect(formatIns('1')).toBe('1');
    expect(formatIns('1850')).toBe('1 85 0');
    expect(formatIns('18505780')).toBe('1 85 05 78 0');
  });

  it('handles Corsica (2A, 2B) in upper case', () => {
    expect(formatIns('269022a004012')).toBe('2 69 02 2A 004 012');
  });

  it('keeps extra characters visible instead of hiding them', () => {
    expect(formatIns('1850578006084361')).toBe('1 85 05 78 006 084 36 1');
  });

  it('leaves anything that is not an INS as typed', () => {
    expect(formatIns('185057800608436@patient.mssante.fr')).toBe('185057800608436@patient.mssante.fr');
    expect(formatIns('abc')).toBe('abc');
    expect(looksLikeIns('')).toBe(false);
  });

  it('normalises spaces and case', () => {
    expect(normalizeIns(' 2 69 02 2b ')).toBe('269022B');
  });

  it('keeps the caret after the same digit once grouped', () => {
    const typed = '18505';
    const count = significantBefore(typed, 5);
    const formatted = formatIns(typed);
    expect(formatted).toBe('1 85 05');
    expect(caretAfter(formatted, count)).toBe(7);
    expect(caretAfter('1 85 05', 3)).toBe(4);
    expect(caretAfter('1 85 05', 0)).toBe(0);
  });
});
