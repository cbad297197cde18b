import { describe, expect, it } from 'vitest';
import { clamp, pagesFor, revealScrollTop, rowsPerPage, visibleRange } from './virtual';

describe('visibleRange', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    expect(visibleRange(0, 400, 40, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(4000, 400, 40, 100_000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleRange(40 * 99_990, 400, 40, 100_000, 5)).toEqual({ start: 99_985, end: 100_000 });
  });

  it('keeps a partly visible row', () => {
    expect(visibleRange(20, 40, 40, 10, 0)).toEqual({ start: 0, end: 2 });
  });

  it('renders only a few dozen rows out of 100,000', () => {
    const { start, end } = visibleRange(1_234_567, 720, 40, 100_000);
    expect(end - start).toBeLessThan(40);
  });

  it('is empty for an empty list or a bogus row height', () => {
    expect(visibleRange(0, 400, 40, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 400, 0, 10)).toEqual({ start: 0, end: 0 });
  });

  it('tolerates a negative scroll (elastic scrolling)', () => {
    expect(visibleRange(-50, 80, 40, 10, 0)).toEqual({ start: 0, end: 2 });
  });
});

describe('pagesFor', () => {
  it('lists the pages a range touches', () => {
    expect(pagesFor({ start: 0, end: 30 }, 200)).toEqual([0]);
    expect(pagesFor({ start: 190, end: 215 }, 200)).toEqual([0, 1]);
    expect(pagesFor({ start: 200, end: 400 }, 200)).toEqual([1]);
    expect(pagesFor({ start: 5, end: 5 }, 200)).toEqual([]);
  });
});

describe('revealScrollTop', () => {
  it('moves as little as possible', () => {
    // Viewport shows rows 10..19 (400 px at 40 px).
    expect(revealScrollTop(12, 400, 400, 40)).toBe(400);
    expect(revealScrollTop(9, 400, 400, 40)).toBe(360);
    expect(revealScrollTop(20, 400, 400, 40)).toBe(440);
    expect(revealScrollTop(0, 400, 400, 40)).toBe(0);
  });
});

describe('rowsPerPage and clamp', () => {
  it('counts whole rows, at least one', () => {
    expect(rowsPerPage(410, 40)).toBe(10);
    expect(rowsPerPage(10, 40)).toBe(1);
    expect(rowsPerPage(100, 0)).toBe(1);
  });

  it('clamps', () => {
    expect(clamp(5, 0, 3)).toBe(3);
    expect(clamp(-1, 0, 3)).toBe(0);
    expect(clamp(2, 0, 3)).toBe(2);
  });
});
