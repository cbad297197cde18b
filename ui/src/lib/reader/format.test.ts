import { describe, expect, it } from 'vitest';
import { sentOnParts } from './format';

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
