import { describe, expect, it } from 'vitest';
import { asYouType } from './search';

describe('asYouType', () => {
  it('searches the word being typed as a prefix', () => {
    expect(asYouType('cardio')).toBe('cardio*');
    expect(asYouType('compte ren')).toBe('compte ren*');
    expect(asYouType('kinési')).toBe('kinési*');
  });

  it('leaves finished words, single letters and explicit prefixes alone', () => {
    expect(asYouType('compte rendu ')).toBe('compte rendu ');
    expect(asYouType('c')).toBe('c');
    expect(asYouType('docteur l')).toBe('docteur l');
    expect(asYouType('écho*')).toBe('écho*');
    expect(asYouType("l'")).toBe("l'");
    expect(asYouType('')).toBe('');
  });
});
