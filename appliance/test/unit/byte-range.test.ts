import { describe, expect, it } from 'vitest';
import { contentDisposition, decideRange, derivedFilename } from '../../src/domain/byte-range.js';

describe('decideRange', () => {
  it.each([
    [undefined, 100, { kind: 'full' }],
    ['bytes=0-9', 100, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=90-', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=90-1000', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-10', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-1000', 100, { kind: 'partial', start: 0, end: 99 }],
    ['bytes=99-99', 100, { kind: 'partial', start: 99, end: 99 }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=200-300', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    // Not a single bytes range: ignored, the whole file is sent.
    ['bytes=0-1,5-6', 100, { kind: 'full' }],
    ['bytes=9-0', 100, { kind: 'full' }],
    ['items=0-9', 100, { kind: 'full' }],
    ['bytes=-', 100, { kind: 'full' }],
    ['bytes=abc', 100, { kind: 'full' }],
    ['bytes=99999999999999999999-', 100, { kind: 'full' }],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(decideRange(header, size)).toEqual(expected);
  });
});

describe('contentDisposition', () => {
  it('keeps an ASCII name as it is, in both forms', () => {
    expect(contentDisposition('attachment', 'talk.mp4')).toBe(`attachment; filename="talk.mp4"; filename*=UTF-8''talk.mp4`);
  });
  it('gives non-ASCII names an RFC 8187 filename* and a safe ASCII fallback', () => {
    const header = contentDisposition('inline', 'Vorlesung über "Öl" (2).mp4');
    expect(header).toBe(`inline; filename="Vorlesung _ber __l_ (2).mp4"; filename*=UTF-8''Vorlesung%20%C3%BCber%20%22%C3%96l%22%20%282%29.mp4`);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('Vorlesung über "Öl" (2).mp4');
  });
  it('never lets a name break out of the header', () => {
    expect(contentDisposition('attachment', 'a\\b";x=.mp4')).toMatch(/^attachment; filename="a_b_;x=\.mp4"; filename\*=UTF-8''a%5Cb%22%3Bx%3D\.mp4$/);
  });
});

describe('derivedFilename', () => {
  it('swaps the extension', () => {
    expect(derivedFilename('Lecture 3.mp4', 'vtt')).toBe('Lecture 3.vtt');
    expect(derivedFilename('no-extension', 'srt')).toBe('no-extension.srt');
    expect(derivedFilename('.mp4', 'vtt')).toBe('media.vtt');
  });
});
