import { describe, expect, it } from 'vitest';
import { fileSize, isRiskyToOpen, sentOnParts, splitAddresses } from './format';

describe('sentOnParts', () => {
  it('writes the manual’s long French date', () => {
    // 2025-03-12 15:44:23 in Paris (UTC+1 in March before the change to summer time).
    const when = Date.UTC(2025, 2, 12, 14, 44, 23) / 1000;
    expect(sentOnParts(when, 'fr', 'Europe/Paris')).toEqual({ date: 'mercredi 12 mars 2025', time: '15:44:23' });
    // ICU versions differ on the comma after the weekday.
    const english = sentOnParts(when, 'en', 'Europe/Paris');
    expect(english.date).toMatch(/^Wednesday,? 12 March 2025$/);
    expect(english.time).toBe('15:44:23');
  });
});

describe('fileSize', () => {
  it('uses the language’s units and decimal separator', () => {
    expect(fileSize(532, 'fr')).toBe('532 o');
    expect(fileSize(1536, 'fr')).toBe('1,5 Ko');
    expect(fileSize(1536, 'en')).toBe('1.5 KB');
    expect(fileSize(25 * 1024 * 1024, 'fr')).toBe('25 Mo');
  });
});

describe('isRiskyToOpen', () => {
  it('spots programs and scripts', () => {
    expect(isRiskyToOpen('facture.pdf.exe')).toBe(true);
    expect(isRiskyToOpen('install.SH')).toBe(true);
    expect(isRiskyToOpen('compte-rendu.pdf')).toBe(false);
    expect(isRiskyToOpen(null)).toBe(false);
  });
});

describe('splitAddresses', () => {
  it('splits on commas outside quotes and angle brackets', () => {
    expect(splitAddresses('"Martin, Anne" <a@b.fr>, c@d.fr; e@f.fr')).toEqual(['"Martin, Anne" <a@b.fr>', 'c@d.fr', 'e@f.fr']);
    expect(splitAddresses('')).toEqual([]);
  });
});
