import { describe, expect, it } from 'vitest';
import { entry } from './testing';
import { activity, CARD_SECTIONS, displayName, isEmptyQuery, locality, recipientEntry } from './format';

describe('directory format', () => {
  it('reads a personal entry like the seed table', () => {
    const e = entry();
    expect(displayName(e)).toBe('MARTIN Jean');
    expect(activity(e)).toBe('Médecin, Cardiologie');
    expect(locality(e)).toBe('PARIS (75)');
    expect(recipientEntry(e)).toBe('Jean MARTIN <jean.martin@medecin.mssante.fr>');
  });

  it('names an organisational mailbox by its service and structure', () => {
    const org = entry({ kind: 'ORG', surname: '', first_name: '', service: 'Cardiologie', company_name: 'CHU de Rennes' });
    expect(displayName(org)).toBe('Cardiologie – CHU de Rennes');
    expect(recipientEntry(org)).toBe('Cardiologie – CHU de Rennes <jean.martin@medecin.mssante.fr>');
  });

  it('knows an empty query and lists every field of the file once', () => {
    expect(isEmptyQuery({ who: ' ', activity: '', place: '', structure: '' })).toBe(true);
    expect(isEmptyQuery({ who: '', activity: '', place: 'brest', structure: '' })).toBe(false);
    const keys = CARD_SECTIONS.flatMap((s) => s.fields.map((f) => f.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Object.keys(entry()).sort());
  });
});
