import { describe, expect, it } from 'vitest';
import { decodeSubtitleBytes, parseSubtitles, SubtitleImportError } from '../../src/domain/subtitle-import.js';
import { toSrt, toWebVtt as toVtt } from '../../src/domain/subtitles.js';

const srt = (...cues: string[]) => cues.join('\n\n') + '\n';

function importError(run: () => unknown): SubtitleImportError {
  try {
    run();
  } catch (error) {
    if (error instanceof SubtitleImportError) return error;
    throw error;
  }
  throw new Error('expected a SubtitleImportError');
}

describe('SRT import', () => {
  it('reads cues with Korean and English text, times in seconds', () => {
    const cues = parseSubtitles(srt('1\n00:00:01,000 --> 00:00:03,500\n오늘 강의를 시작하겠습니다', '2\n00:00:04,000 --> 00:00:06,250\nLet us begin\nwith the budget'), 'srt');
    expect(cues).toEqual([
      { start: 1, end: 3.5, text: '오늘 강의를 시작하겠습니다' },
      { start: 4, end: 6.25, text: 'Let us begin\nwith the budget' },
    ]);
  });

  it('tolerates a BOM, CRLF, missing counters and "." before milliseconds', () => {
    const source = '\uFEFF1\r\n00:00:01.000 --> 00:00:02,000\r\nhello\r\n\r\n00:00:03,000 --> 00:00:04,000\r\nworld\r\n';
    expect(parseSubtitles(source, 'srt').map((c) => c.text)).toEqual(['hello', 'world']);
  });

  it('takes upper-case "NAME:" prefixes and caseless-script names as speakers, not ordinary "Note:"', () => {
    const cues = parseSubtitles(
      srt('1\n00:00:01,000 --> 00:00:02,000\nJOHN: Good morning', '2\n00:00:02,000 --> 00:00:03,000\n김교수: 안녕하세요', '3\n00:00:03,000 --> 00:00:04,000\nNote: this is text'),
      'srt',
    );
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      ['JOHN', 'Good morning'],
      ['김교수', '안녕하세요'],
      [undefined, 'Note: this is text'],
    ]);
  });

  it('names the cue whose timing is unreadable, reversed, out of order or past the media', () => {
    const bad = (text: string, durationSec?: number) => importError(() => parseSubtitles(text, 'srt', durationSec === undefined ? {} : { durationSec }));
    expect(bad(srt('1\n00:00:01,000 --> 00:00:02,000\nok', '2\n00:00:0x,000 --> 00:00:03,000\nbad'))).toMatchObject({ cue: 2 });
    expect(bad(srt('1\n00:00:05,000 --> 00:00:04,000\nreversed')).message).toBe('cue 1: ends (00:00:04,000) before it starts (00:00:05,000)');
    expect(bad(srt('1\n00:00:05,000 --> 00:00:06,000\na', '2\n00:00:06,000 --> 00:00:07,000\nb', '3\n00:00:01,000 --> 00:00:02,000\nc'))).toMatchObject({ cue: 3 });
    expect(bad(srt('1\n00:00:01,000 --> 00:00:02,000\na', '2\n00:01:00,000 --> 00:01:02,000\nlate'), 30).message).toMatch(/^cue 2: ends at 62\.000 s, after the end of the media \(30\.000 s\)/);
    expect(bad(srt('1\nno timing here\ntext'))).toMatchObject({ cue: 1 });
    expect(bad('')).toMatchObject({ cue: undefined, reason: 'the file has no cues with text' });
  });

  it('allows a last cue that ends within a second of the media end (rounding)', () => {
    expect(parseSubtitles(srt('1\n00:00:29,000 --> 00:00:30,900\nend'), 'srt', { durationSec: 30 })).toHaveLength(1);
  });
});

describe('WebVTT import', () => {
  it('requires the header, skips NOTE/STYLE blocks and identifiers, and strips tags', () => {
    const source = 'WEBVTT - lecture\n\nNOTE made by hand\n\nintro\n00:01.000 --> 00:02.000 align:start\n<v Dr. Kim>Welcome &amp; <i>hello</i>\n\n00:00:03.000 --> 00:00:04.000\n<v.loud 민수>네 &lt;좋아요&gt;\n';
    expect(parseSubtitles(source, 'vtt')).toEqual([
      { start: 1, end: 2, text: 'Welcome & hello', speaker: 'Dr. Kim' },
      { start: 3, end: 4, text: '네 <좋아요>', speaker: '민수' },
    ]);
    expect(importError(() => parseSubtitles('00:01.000 --> 00:02.000\nhi\n', 'vtt')).message).toBe('a WebVTT file must start with the line "WEBVTT"');
  });

  it('reads back what the appliance exports, in both formats', () => {
    const segments = [
      { start: 0.5, end: 2, text: 'first & <second>' },
      { start: 2.25, end: 4, text: '둘째 문장' },
    ];
    const strip = (cues: { start: number; end: number; text: string }[]) => cues.map(({ start, end, text }) => ({ start, end, text }));
    expect(strip(parseSubtitles(toVtt(segments), 'vtt'))).toEqual(segments);
    expect(strip(parseSubtitles(toSrt(segments), 'srt'))).toEqual(segments);
  });
});

describe('subtitle bytes', () => {
  it('accepts UTF-8 and refuses other encodings with a reason a person can act on', () => {
    expect(decodeSubtitleBytes(new TextEncoder().encode('강의'))).toBe('강의');
    // "강의" in CP949 (EUC-KR): not valid UTF-8.
    expect(() => decodeSubtitleBytes(Uint8Array.from([0xb0, 0xad, 0xc0, 0xc7]))).toThrow(/not UTF-8 text/);
  });
});
