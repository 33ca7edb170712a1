import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, isDefaultView, toPageQuery } from '../../src/renderer/library/filters.js';
import { activeSegment, findSegments, splitMatches } from '../../src/renderer/library/transcript-find.js';

const segments = [
  { start: 1, end: 3, text: 'The river flows past the old library.' },
  { start: 7, end: 10, text: 'Students read books about mountains.' },
  { start: 13, end: 15, text: 'The museum opens at nine. Café at ten.' },
];

describe('library filters as list parameters', () => {
  it('asks for newest first with nothing else by default', () => {
    expect(toPageQuery(DEFAULT_FILTERS)).toEqual({ sort: 'newest' });
    expect(isDefaultView(DEFAULT_FILTERS)).toBe(true);
    expect(isDefaultView({ ...DEFAULT_FILTERS, q: '  ' })).toBe(true);
    expect(isDefaultView({ ...DEFAULT_FILTERS, kind: 'audio' })).toBe(false);
  });

  it('makes the To date inclusive (the appliance reads `to` as exclusive)', () => {
    expect(toPageQuery({ ...DEFAULT_FILTERS, from: '2026-12-01', to: '2026-12-03' })).toMatchObject({ from: '2026-12-01', to: '2026-12-04' });
    expect(toPageQuery({ ...DEFAULT_FILTERS, to: '2026-12-31' }).to).toBe('2027-01-01');
  });

  it('leaves out what is half typed or contradictory instead of sending a request the appliance refuses', () => {
    const query = toPageQuery({ ...DEFAULT_FILTERS, language: 'e', from: '2026-12-05', to: '2026-12-01', q: '   ' });
    expect(query).toEqual({ sort: 'newest', from: '2026-12-05' });
    expect(toPageQuery({ ...DEFAULT_FILTERS, language: 'PT-br' }).language).toBe('pt-br');
    expect(toPageQuery({ ...DEFAULT_FILTERS, status: 'FAILED', kind: 'video', q: ' talk ' })).toEqual({ sort: 'newest', status: ['FAILED'], kind: 'video', q: 'talk' });
  });
});

describe('transcript following and finding', () => {
  it('marks the line being spoken, and keeps it through the pause before the next', () => {
    expect(activeSegment(segments, 0)).toBe(-1);
    expect(activeSegment(segments, 1)).toBe(0);
    expect(activeSegment(segments, 5)).toBe(0);
    expect(activeSegment(segments, 7.5)).toBe(1);
    expect(activeSegment(segments, 14)).toBe(2);
    expect(activeSegment(segments, 20)).toBe(-1);
  });

  it('finds lines regardless of case and accents, and splits the matches out for <mark>', () => {
    expect(findSegments(segments, 'THE')).toEqual([0, 2]);
    expect(findSegments(segments, 'cafe')).toEqual([2]);
    expect(findSegments(segments, '  ')).toEqual([]);
    expect(splitMatches('The museum, the end', 'the')).toEqual([
      { text: 'The', match: true },
      { text: ' museum, ', match: false },
      { text: 'the', match: true },
      { text: ' end', match: false },
    ]);
    expect(splitMatches('Café at ten', 'cafe')).toEqual([
      { text: 'Café', match: true },
      { text: ' at ten', match: false },
    ]);
  });
});
