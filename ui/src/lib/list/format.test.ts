import { describe, expect, it } from 'vitest';
import {
  compareMessages,
  correspondent,
  displayName,
  listDate,
  nextSort,
  recipientsLabel,
  sortMessages,
  type Sort,
} from './format';
import { summary } from './testing';

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime() / 1000;

describe('listDate', () => {
  const now = new Date(2025, 2, 12, 18, 0);
  it('shows the time for today and dd/mm/yyyy otherwise', () => {
    expect(listDate(at(2025, 3, 12, 15, 44), now)).toBe('15:44');
    expect(listDate(at(2025, 3, 12, 9, 5), now)).toBe('09:05');
    expect(listDate(at(2025, 3, 11, 23, 59), now)).toBe('11/03/2025');
    expect(listDate(at(2024, 12, 1), now)).toBe('01/12/2024');
    expect(listDate(null, now)).toBe('');
  });
});

describe('addresses', () => {
  it('prefers names', () => {
    expect(displayName('Martin, Anne <a@x.fr>')).toBe('Martin, Anne');
    expect(displayName('<a@x.fr>')).toBe('a@x.fr');
    expect(displayName('a@x.fr')).toBe('a@x.fr');
    expect(recipientsLabel(['Dr B <b@y.fr>', 'Durand, Paul <p@x.fr>', 'c@z.fr'])).toBe('Dr B, Durand, Paul, c@z.fr');
  });

  it('shows the sender, or the recipients in Sent', () => {
    expect(correspondent(summary(), false)).toBe('Dr Anne Martin');
    expect(correspondent(summary({ from_name: null }), false)).toBe('anne.martin@chu.fr');
    expect(correspondent(summary({ from_name: '  ', from: null }), false)).toBe('');
    expect(correspondent(summary({ to: ['Vives Nadege <n@x.fr>'] }), true)).toBe('Vives Nadege');
  });
});

describe('sorting', () => {
  it('flips the same column and starts others in their natural direction', () => {
    expect(nextSort({ key: 'date', descending: true }, 'date')).toEqual({ key: 'date', descending: false });
    expect(nextSort({ key: 'date', descending: true }, 'subject')).toEqual({ key: 'subject', descending: false });
    expect(nextSort({ key: 'subject', descending: false }, 'flag')).toEqual({ key: 'flag', descending: true });
    expect(nextSort({ key: 'subject', descending: false }, 'read')).toEqual({ key: 'read', descending: false });
  });

  const a = summary({ id: 1, date: 300, subject: 'éclat', seen: false, flagged: true, flag_color: 'blue' });
  const b = summary({ id: 2, date: 200, subject: 'Bilan', has_attachments: true, flagged: true, flag_color: 'red' });
  const c = summary({ id: 3, date: 100, subject: 'zèbre', from_name: 'Alain' });

  const order = (sort: Sort) => sortMessages([c, a, b], sort).map((m) => m.id);

  it('orders like the engine', () => {
    expect(order({ key: 'date', descending: true })).toEqual([1, 2, 3]);
    expect(order({ key: 'date', descending: false })).toEqual([3, 2, 1]);
    expect(order({ key: 'subject', descending: false })).toEqual([2, 1, 3]);
    expect(order({ key: 'from', descending: false })).toEqual([3, 1, 2]);
    expect(order({ key: 'flag', descending: true })).toEqual([2, 1, 3]);
    expect(order({ key: 'flag', descending: false })).toEqual([3, 1, 2]);
    expect(order({ key: 'attachment', descending: true })).toEqual([2, 1, 3]);
    expect(order({ key: 'read', descending: false })).toEqual([1, 2, 3]);
  });

  it('breaks ties by date then id, newest first', () => {
    const x = summary({ id: 10, date: 5, subject: 'Même' });
    const y = summary({ id: 11, date: 5, subject: 'même' });
    expect(compareMessages(x, y, { key: 'subject', descending: false })).toBeGreaterThan(0);
  });
});
