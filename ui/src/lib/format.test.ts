import { describe, expect, it } from 'vitest';
import { fileSize, splitAddresses } from './format';

describe('splitAddresses', () => {
  it('splits on separators outside quotes and angle brackets', () => {
    expect(splitAddresses('"Martin, Anne" <a@x.fr>, b@y.fr; C <c@z.fr>')).toEqual([
      '"Martin, Anne" <a@x.fr>',
      'b@y.fr',
      'C <c@z.fr>',
    ]);
    expect(splitAddresses('')).toEqual([]);
  });
});

describe('fileSize', () => {
  it('uses the language’s units and decimal separator', () => {
    expect(fileSize(532, 'fr')).toBe('532\u00a0o');
    expect(fileSize(1536, 'fr')).toBe('1,5\u00a0Ko');
    expect(fileSize(1536, 'en')).toBe('1.5\u00a0KB');
    expect(fileSize(25 * 1024 * 1024, 'fr')).toBe('25\u00a0Mo');
  });
});
