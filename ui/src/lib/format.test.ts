import { describe, expect, it } from 'vitest';
import { fileSize } from './format';

describe('fileSize', () => {
  it('uses the language’s units and decimal separator', () => {
    expect(fileSize(532, 'fr')).toBe('532\u00a0o');
    expect(fileSize(1536, 'fr')).toBe('1,5\u00a0Ko');
    expect(fileSize(1536, 'en')).toBe('1.5\u00a0KB');
    expect(fileSize(25 * 1024 * 1024, 'fr')).toBe('25\u00a0Mo');
  });
});
