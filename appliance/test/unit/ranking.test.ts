import { describe, expect, it } from 'vitest';
import { bestSegment, reciprocalRankFusion } from '../../src/domain/ranking.js';
import type { TranscriptSegment } from '../../src/ports/speech-to-text.js';

describe('reciprocalRankFusion', () => {
  it('scores 1/(k + rank) summed over rankings, best first', () => {
    const fused = reciprocalRankFusion([['a', 'b'], ['b', 'c']], 60);
    expect(fused.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
  });

  it('ranks an item that is good in both lists above one that is first in only one', () => {
    const vector = ['solo', 'both', 'x1', 'x2'];
    const fullText = ['y1', 'y2', 'both', 'y3'];
    const fused = reciprocalRankFusion([vector, fullText]);
    expect(fused[0]!.id).toBe('both');
    expect(fused.findIndex((r) => r.id === 'solo')).toBeGreaterThan(0);
  });

  it('breaks ties by best single rank, then by id, whatever the input order', () => {
    // a and b tie (1st and 2nd in mirrored lists); c and d tie on score and best rank.
    const one = reciprocalRankFusion([['a', 'b', 'd'], ['b', 'a', 'c']]).map((r) => r.id);
    const two = reciprocalRankFusion([['b', 'a', 'c'], ['a', 'b', 'd']]).map((r) => r.id);
    expect(one).toEqual(['a', 'b', 'c', 'd']);
    expect(two).toEqual(one);
  });

  it('counts an id repeated inside one ranking once, at its best rank', () => {
    const fused = reciprocalRankFusion([['a', 'a', 'b']], 0);
    expect(fused).toEqual([
      { id: 'a', score: 1 },
      { id: 'b', score: 1 / 3 },
    ]);
  });

  it('handles empty input and rejects a bad k', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
    expect(() => reciprocalRankFusion([['a']], -1)).toThrow(RangeError);
  });
});

const chunk: TranscriptSegment[] = [
  { start: 0, end: 4.2, text: 'Welcome everyone to the quarterly review.' },
  { start: 4.2, end: 9.8, text: 'First we will look at the hiring plan for next year.' },
  { start: 9.8, end: 15.1, text: 'The marketing team has a new campaign planned.' },
  { start: 15.1, end: 21.4, text: 'Then we discussed the budget for the new office building.' },
  { start: 21.4, end: 26, text: 'Questions about the budget can go to finance.' },
];

describe('bestSegment', () => {
  it('finds the segment where a phrase is spoken (segment 4 of 5)', () => {
    expect(bestSegment('budget for the new office', chunk)).toBe(chunk[3]);
    expect(bestSegment('NEW OFFICE building', chunk)).toBe(chunk[3]);
  });

  it('prefers the segment with the words adjacent (the phrase) over one with scattered words', () => {
    const segments: TranscriptSegment[] = [
      { start: 0, end: 5, text: 'office hours and the budget review' },
      { start: 5, end: 10, text: 'we need a budget office' },
    ];
    expect(bestSegment('budget office', segments)).toBe(segments[1]);
  });

  it('gives ties to the earliest segment', () => {
    expect(bestSegment('budget', chunk)).toBe(chunk[3]);
  });

  it('matches inflected words by prefix', () => {
    expect(bestSegment('hiring plans', chunk)).toBe(chunk[1]);
    expect(bestSegment('campaigns', chunk)).toBe(chunk[2]);
    expect(bestSegment('discuss', chunk)).toBe(chunk[3]);
  });

  it('works for Korean: a stem matches the word with its particle', () => {
    const korean: TranscriptSegment[] = [
      { start: 0, end: 3, text: '안녕하세요 여러분' },
      { start: 3, end: 6, text: '날씨가 좋습니다' },
      { start: 6, end: 10, text: '오늘 회의에서 예산을 논의했습니다' },
      { start: 10, end: 12, text: '감사합니다' },
    ];
    expect(bestSegment('예산', korean)).toBe(korean[2]);
    expect(bestSegment('예산 논의', korean)).toBe(korean[2]);
    expect(bestSegment('날씨', korean)).toBe(korean[1]);
  });

  it('falls back to the earliest segment when nothing overlaps, undefined when there is none', () => {
    expect(bestSegment('photosynthesis', chunk)).toBe(chunk[0]);
    expect(bestSegment('', chunk)).toBe(chunk[0]);
    expect(bestSegment('!!!', [chunk[2]!, chunk[1]!])).toBe(chunk[1]);
    expect(bestSegment('budget', [])).toBeUndefined();
  });

  it('narrows the start to the first word of the matching phrase when words are timed', () => {
    const timed: TranscriptSegment = {
      start: 15.1,
      end: 21.4,
      text: 'Then we discussed the budget for the new office.',
      words: [
        { start: 15.1, end: 15.4, text: 'Then' },
        { start: 15.4, end: 15.6, text: 'we' },
        { start: 15.6, end: 16.2, text: 'discussed' },
        { start: 16.2, end: 16.4, text: 'the' },
        { start: 16.4, end: 17.0, text: 'budget' },
        { start: 17.0, end: 17.2, text: 'for' },
        { start: 17.2, end: 17.4, text: 'the' },
        { start: 17.4, end: 17.7, text: 'new' },
        { start: 17.7, end: 18.3, text: 'office.' },
      ],
    };
    const segments = [chunk[0]!, timed];
    const hit = bestSegment('new office', segments);
    expect(hit).toEqual({ ...timed, start: 17.4 });
    expect(hit).not.toBe(timed); // a new object: the stored segment is not changed
    expect(timed.start).toBe(15.1);
    expect(bestSegment('new office', segments, { narrowToWord: false })).toBe(timed);
  });
});
