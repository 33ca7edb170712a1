import { describe, expect, it } from 'vitest';
import { toSrt, toWebVtt } from '../../src/domain/subtitles.js';
import type { TranscriptSegment } from '../../src/ports/speech-to-text.js';

const segments: TranscriptSegment[] = [
  { start: 62.345, end: 65, text: 'Second cue' },
  { start: 0, end: 1.5, text: 'Hello & welcome <everyone>' },
  { start: 3723.0004, end: 3725.9996, text: 'A -> B --> C' },
];

describe('toWebVtt', () => {
  it('writes a header, sorted cues, dot milliseconds and escaped text', () => {
    expect(toWebVtt(segments)).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:01.500',
        'Hello &amp; welcome &lt;everyone>',
        '',
        '00:01:02.345 --> 00:01:05.000',
        'Second cue',
        '',
        '01:02:03.000 --> 01:02:06.000',
        'A -> B --&gt; C',
        '',
      ].join('\n'),
    );
  });

  it('is a bare header without segments', () => {
    expect(toWebVtt([])).toBe('WEBVTT\n');
  });

  it('keeps non-English text as is', () => {
    expect(toWebVtt([{ start: 1, end: 2, text: '오늘 회의에서 예산을 논의했습니다' }])).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n오늘 회의에서 예산을 논의했습니다\n',
    );
  });
});

describe('toSrt', () => {
  it('numbers sorted cues from 1 with comma milliseconds, blank line between cues', () => {
    expect(toSrt(segments)).toBe(
      [
        '1',
        '00:00:00,000 --> 00:00:01,500',
        'Hello & welcome <everyone>',
        '',
        '2',
        '00:01:02,345 --> 00:01:05,000',
        'Second cue',
        '',
        '3',
        '01:02:03,000 --> 01:02:06,000',
        'A -> B --> C',
        '',
      ].join('\n'),
    );
  });

  it('is empty without segments', () => {
    expect(toSrt([])).toBe('');
  });
});

describe('cue repair (both formats)', () => {
  it('gives zero and negative durations a minimum length, cut at the next cue', () => {
    const srt = toSrt([
      { start: 10, end: 10, text: 'zero' },
      { start: 20, end: 19, text: 'negative, next cue is close' },
      { start: 20.4, end: 22, text: 'next' },
    ]);
    expect(srt).toBe(
      [
        '1',
        '00:00:10,000 --> 00:00:11,000',
        'zero',
        '',
        '2',
        '00:00:20,000 --> 00:00:20,400',
        'negative, next cue is close',
        '',
        '3',
        '00:00:20,400 --> 00:00:22,000',
        'next',
        '',
      ].join('\n'),
    );
  });

  it('drops blank lines inside cues and cues without text, clamps negative starts, keeps big hours', () => {
    const vtt = toWebVtt([
      { start: -0.5, end: 1, text: 'line one\n\n  line two  \r\n' },
      { start: 2, end: 3, text: '   ' },
      { start: Number.NaN, end: 3, text: 'bad time' },
      { start: 360000, end: 360001.25, text: 'late' },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nline one\nline two\n\n100:00:00.000 --> 100:00:01.250\nlate\n',
    );
  });
});
