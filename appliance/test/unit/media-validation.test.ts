import { describe, expect, it } from 'vitest';
import { sniffContainer } from '../../src/domain/magic.js';
import { decideMedia, type ProbeReport } from '../../src/domain/media-probe.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))), Buffer.alloc(16)]);

describe('sniffContainer', () => {
  it.each([
    ['mp4', bytes([0, 0, 0, 0x20], 'ftypisom')],
    ['mov', bytes([0, 0, 0, 0x14], 'ftypqt  ')],
    ['matroska', bytes([0x1a, 0x45, 0xdf, 0xa3])],
    ['avi', bytes('RIFF', [0, 0, 0, 0], 'AVI ')],
    ['wav', bytes('RIFF', [0, 0, 0, 0], 'WAVE')],
    ['mp3', bytes('ID3', [4, 0])],
    ['mp3', bytes([0xff, 0xfb, 0x90, 0x64])],
    ['aac', bytes([0xff, 0xf1, 0x50, 0x80])],
    ['flac', bytes('fLaC')],
    ['ogg', bytes('OggS')],
  ])('recognises %s', (expected, head) => expect(sniffContainer(head)).toBe(expected));

  it.each([
    ['an ELF executable', bytes([0x7f], 'ELF')],
    ['a Windows executable', bytes('MZ')],
    ['a ZIP archive', bytes('PK', [3, 4])],
    ['a PDF', bytes('%PDF-1.7')],
    ['RIFF that is not media', bytes('RIFF', [0, 0, 0, 0], 'WEBP')],
    ['too few bytes', Buffer.from('ftyp')],
  ])('refuses %s', (_name, head) => expect(sniffContainer(head)).toBeUndefined());
});

const probe = (overrides: Partial<ProbeReport> = {}): ProbeReport => ({
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSec: 24,
  bitRate: 600_000,
  streams: [
    { index: 0, type: 'video', codec: 'h264', width: 640, height: 360 },
    { index: 1, type: 'audio', codec: 'aac', sampleRate: 44100, channels: 2 },
  ],
  ...overrides,
});

describe('decideMedia', () => {
  it('accepts a video and records its facts', () => {
    const outcome = decideMedia(1000, 'mp4', probe());
    expect(outcome).toEqual({
      ok: true,
      facts: { kind: 'video', container: 'mp4', durationSec: 24, width: 640, height: 360, videoCodec: 'h264', audioCodec: 'aac', hasAudio: true },
    });
  });

  it('treats cover art as audio, not video', () => {
    const outcome = decideMedia(1000, 'mp3', probe({
      formatName: 'mp3',
      streams: [
        { index: 0, type: 'audio', codec: 'mp3' },
        { index: 1, type: 'video', codec: 'mjpeg', width: 500, height: 500, attachedPicture: true },
      ],
    }));
    expect(outcome.ok && outcome.facts.kind).toBe('audio');
  });

  it.each([
    ['empty', 0, 'mp4' as const, probe(), /empty/],
    ['unknown bytes', 10, undefined, probe(), /not a supported video or audio format/],
    ['unreadable', 10, 'mp4' as const, new Error('moov atom not found'), /cannot be read.*moov atom not found/],
    ['mismatched container', 10, 'flac' as const, probe(), /do not match/],
    ['no streams', 10, 'mp4' as const, probe({ streams: [] }), /no audio or video/],
    ['no duration', 10, 'mp4' as const, probe({ durationSec: null }), /no playable duration/],
  ])('rejects %s with a readable reason', (_name, size, container, report, reason) => {
    const outcome = decideMedia(size, container, report);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toMatch(reason);
  });
});

describe('storage key layout', () => {
  it('builds and parses upload keys from ids only, and finds the run folder of a derived asset', async () => {
    const { parseUploadKey, uploadObjectKey, derivedPrefix, runFolderOf } = await import('../../src/domain/storage-keys.js');
    const key = uploadObjectKey('owner-1', 'media-2');
    expect(key).toBe('uploads/owner-1/media-2');
    expect(parseUploadKey(key)).toEqual({ ownerId: 'owner-1', mediaId: 'media-2' });
    expect(parseUploadKey('media/owner-1/media-2')).toBeUndefined();
    expect(parseUploadKey('uploads/owner-1/media-2/extra')).toBeUndefined();
    expect(derivedPrefix('o', 'm')).toBe('media/o/m');
    expect(runFolderOf('media/o/m/hls/run1/720p/seg-1.ts')).toBe('media/o/m/hls/run1');
  });
});
