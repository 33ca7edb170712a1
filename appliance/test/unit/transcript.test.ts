import { describe, expect, it } from 'vitest';
import { groupWordsIntoSegments, parsePocketsphinxTimes } from '../../src/domain/transcript.js';
import type { TranscriptWord } from '../../src/ports/speech-to-text.js';

/**
 * Captured stdout of Debian's pocketsphinx_continuous 0.8 (`-infile x.wav -time yes`) on FFmpeg
 * flite speech: "The river flows past the old library." + 2 s of silence + "Students read
 * books in the quiet reading room." Per utterance: hypothesis line, then one line per word.
 */
const CAPTURED = `the river flows past the old library
<s> 0.070 0.110 0.999700
the 0.120 0.400 0.936592
river 0.410 0.740 0.999700
flows 0.750 1.080 0.999400
past 1.090 1.530 0.407219
<sil> 1.540 1.560 0.391916
the(2) 1.570 1.680 0.835503
old 1.690 2.030 1.000000
library 2.040 2.830 1.000000
</s> 2.840 3.130 1.000000
students read books in the quiet reading room
<s> 4.940 5.050 1.000300
students 5.060 5.600 1.000100
read 5.610 5.900 0.998501
books 5.910 6.230 0.999400
in 6.240 6.350 0.761983
the 6.360 6.440 0.744730
quiet 6.450 7.030 0.968406
reading(2) 7.040 7.410 0.968019
room 7.420 7.860 0.986490
</s> 7.870 8.050 1.000000
`;

const w = (text: string, start: number, end: number): TranscriptWord => ({ text, start, end });

describe('parsePocketsphinxTimes', () => {
  it('parses the captured output: words only, absolute times, posteriors as confidence', () => {
    const words = parsePocketsphinxTimes(CAPTURED);
    expect(words.map((x) => x.text).join(' ')).toBe(
      'the river flows past the old library students read books in the quiet reading room',
    );
    expect(words[0]).toEqual({ text: 'the', start: 0.12, end: 0.4, confidence: 0.936592 });
    expect(words.find((x) => x.text === 'students')).toMatchObject({ start: 5.06, end: 5.6 });
    for (const word of words) {
      expect(word.confidence).toBeGreaterThanOrEqual(0);
      // 1.000100 is printed for some words: clamped.
      expect(word.confidence).toBeLessThanOrEqual(1);
      expect(word.end).toBeGreaterThanOrEqual(word.start);
    }
  });

  it('drops sentence markers, silence, noise fillers and alternate pronunciation suffixes', () => {
    const stdout = [
      '<s> 0.000 0.100 1.000000',
      '[NOISE] 0.110 0.300 0.900000',
      '[SPEECH] 0.310 0.400 0.900000',
      '++NOISE++ 0.410 0.500 0.900000',
      '++UH++ 0.510 0.600 0.900000',
      '<sil> 0.610 0.700 1.000000',
      '<unk> 0.710 0.750 1.000000',
      'read(3) 0.760 1.000 0.800000',
      "o'clock 1.010 1.400 0.700000",
      '</s> 1.410 1.500 1.000000',
    ].join('\n');
    expect(parsePocketsphinxTimes(stdout)).toEqual([
      { text: 'read', start: 0.76, end: 1, confidence: 0.8 },
      { text: "o'clock", start: 1.01, end: 1.4, confidence: 0.7 },
    ]);
  });

  it('ignores hypothesis lines, log lines, blank lines and CRLF', () => {
    const stdout = [
      'read books',
      'INFO: cmn_prior.c(131): cmn_prior_update: from < 40.00 3.00 >',
      '',
      'read 0.100 0.300 0.99\r',
      'books 0.310 0.600 0.98\r',
      '000000000: read books',
    ].join('\n');
    expect(parsePocketsphinxTimes(stdout).map((x) => x.text)).toEqual(['read', 'books']);
  });

  it('returns no words for silence (empty stdout)', () => {
    expect(parsePocketsphinxTimes('')).toEqual([]);
  });
});

describe('groupWordsIntoSegments', () => {
  it('splits the captured sample at the pause between the two sentences', () => {
    const segments = groupWordsIntoSegments(parsePocketsphinxTimes(CAPTURED));
    expect(segments).toHaveLength(2);
    expect(segments[0]).toMatchObject({ start: 0.12, end: 2.83, text: 'the river flows past the old library' });
    expect(segments[1]).toMatchObject({ start: 5.06, end: 7.86, text: 'students read books in the quiet reading room' });
    expect(segments[1]!.words).toHaveLength(8);
  });

  it('keeps words together across short pauses and splits on a longer one', () => {
    const words = [w('a', 0, 0.5), w('b', 1.0, 1.5), w('c', 2.2, 2.5)];
    expect(groupWordsIntoSegments(words, { maxGapSec: 0.6 }).map((s) => s.text)).toEqual(['a b', 'c']);
    expect(groupWordsIntoSegments(words, { maxGapSec: 0.4 }).map((s) => s.text)).toEqual(['a', 'b', 'c']);
  });

  it('closes a segment before it grows past maxSegmentSec', () => {
    // 30 words of 0.5 s back to back: 15 s of speech without a pause.
    const words = Array.from({ length: 30 }, (_, i) => w(`w${i}`, i * 0.5, i * 0.5 + 0.5));
    const segments = groupWordsIntoSegments(words, { maxSegmentSec: 12 });
    expect(segments.map((s) => s.words!.length)).toEqual([24, 6]);
    for (const s of segments) expect(s.end - s.start).toBeLessThanOrEqual(12);
    expect(segments.flatMap((s) => s.words!.map((x) => x.text))).toEqual(words.map((x) => x.text));
  });

  it('gives a single word longer than maxSegmentSec its own segment', () => {
    const segments = groupWordsIntoSegments([w('a', 0, 1), w('long', 1, 15), w('b', 15, 15.5)], { maxSegmentSec: 12 });
    expect(segments.map((s) => s.text)).toEqual(['a', 'long', 'b']);
  });

  it('ends a segment after sentence punctuation (punctuating engines)', () => {
    const words = [w('Hello', 0, 0.4), w('there.', 0.4, 0.8), w('How', 0.9, 1.1), w('are', 1.1, 1.2), w('you?"', 1.2, 1.5), w('Fine', 1.6, 2)];
    expect(groupWordsIntoSegments(words).map((s) => s.text)).toEqual(['Hello there.', 'How are you?"', 'Fine']);
  });

  it('orders words by start, takes the latest end for overlaps, and copies the words', () => {
    const input = [w('b', 0.5, 0.9), w('a', 0, 1.2)];
    const [segment] = groupWordsIntoSegments(input);
    expect(segment).toMatchObject({ start: 0, end: 1.2, text: 'a b' });
    segment!.words![0]!.text = 'changed';
    expect(input[1]!.text).toBe('a');
  });

  it('skips empty words and returns nothing for no words', () => {
    expect(groupWordsIntoSegments([])).toEqual([]);
    expect(groupWordsIntoSegments([w(' ', 0, 1)])).toEqual([]);
  });
});
