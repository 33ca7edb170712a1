import { describe, expect, it } from 'vitest';
import type { MediaDto } from '@biblio/shared';
import { awaitVerdict, takeNoWaitFlag, verdictOf } from '../../src/cli/validation.js';

const media = (over: Partial<MediaDto>): MediaDto => ({
  id: '0a1b2c3d-0000-4000-8000-000000000000',
  status: 'UPLOADED',
  filename: 'a.mp4',
  filetype: 'video/mp4',
  title: null,
  language: null,
  size: 1,
  uploadedBytes: 1,
  durationSec: null,
  stages: {},
  error: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  kind: 'video',
  sha256: null,
  thumbnailUrl: null,
  spriteUrl: null,
  originalUrl: null,
  ...over,
});

describe('CLI validation verdicts', () => {
  it('waits while uploading or uploaded, and reads the verdict after', () => {
    expect(verdictOf(media({ status: 'UPLOADING' }))).toBeUndefined();
    expect(verdictOf(media({ status: 'UPLOADED' }))).toBeUndefined();
    expect(verdictOf(media({ status: 'PROCESSING' }))).toEqual({ outcome: 'accepted' });
    expect(verdictOf(media({ status: 'READY' }))).toEqual({ outcome: 'accepted' });
    expect(verdictOf(media({ status: 'REJECTED', error: 'This is not a media file.' }))).toEqual({ outcome: 'rejected', reason: 'This is not a media file.' });
    const laterFailure = media({ status: 'FAILED', error: 'transcribe failed', stages: { validate: { status: 'done', progress: 100, error: null } } });
    expect(verdictOf(laterFailure)).toEqual({ outcome: 'accepted' });
    expect(verdictOf(media({ status: 'FAILED', error: 'ffprobe missing' }))).toEqual({ outcome: 'failed', reason: 'ffprobe missing' });
  });

  it('polls until decided, retries read errors, gives up at the deadline, and treats 404 as gone', async () => {
    let clock = 0;
    const timing = { intervalMs: 1000, timeoutMs: 5000, now: () => clock, sleep: async (ms: number) => void (clock += ms) };
    const answers: (MediaDto | Error)[] = [media({}), new Error('socket hang up'), media({ status: 'REJECTED', error: 'spoofed type' })];
    expect(await awaitVerdict(async () => { const a = answers.shift()!; if (a instanceof Error) throw a; return a; }, timing)).toEqual({ outcome: 'rejected', reason: 'spoofed type' });
    clock = 0;
    expect((await awaitVerdict(async () => media({}), timing)).outcome).toBe('undecided');
    const gone = Object.assign(new Error('no such media'), { status: 404 });
    expect(await awaitVerdict(async () => { throw gone; }, timing)).toEqual({ outcome: 'failed', reason: 'the media is no longer on the appliance' });
  });

  it('takes --no-wait out of the arguments, but not after --', () => {
    expect(takeNoWaitFlag(['a.mp4', '--no-wait', '--json'])).toEqual({ argv: ['a.mp4', '--json'], noWait: true });
    expect(takeNoWaitFlag(['a.mp4'])).toEqual({ argv: ['a.mp4'], noWait: false });
    expect(takeNoWaitFlag(['--', '--no-wait'])).toEqual({ argv: ['--', '--no-wait'], noWait: false });
  });
});
