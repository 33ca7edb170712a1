import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DetailedError } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/core/backoff.js';
import { unpackedAsarPath } from '../../src/core/ffmpeg.js';
import { walkPaths } from '../../src/core/folder-walk.js';
import { parseProbe, pcmArgs, thumbnailArgs, thumbnailMoment } from '../../src/core/preview-commands.js';
import { mediaIdOfUrl, noteAfterVerdict, verdictNote } from '../../src/core/queue-entry.js';
import { FileChangedError } from '../../src/core/tus-io.js';
import { classifyFailure } from '../../src/core/upload-task.js';

// tus-js-client's typings omit DetailedError's (message, cause, request, response) constructor.
const detailed = (...args: unknown[]) => new (DetailedError as unknown as new (...a: unknown[]) => DetailedError)(...args);
const request = { getHeader: () => undefined, getMethod: () => 'PATCH', getURL: () => 'http://a/files/x' } as never;

function httpError(status: number, body = '', headers: Record<string, string> = {}) {
  const response = { getStatus: () => status, getHeader: (name: string) => headers[name], getBody: () => body, getUnderlyingObject: () => null };
  return detailed('tus: unexpected response', undefined, request, response);
}

describe('failure classification (retry vs error)', () => {
  it('retries network errors, 5xx, 409, 423 and 429: offline is never an error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const network = detailed('tus: failed to upload chunk', refused, request, undefined);
    expect(classifyFailure(network)).toEqual({ kind: 'transient', message: 'the appliance is not reachable (connection refused)' });
    for (const status of [500, 502, 503, 409, 423, 429]) expect(classifyFailure(httpError(status)).kind).toBe('transient');
  });

  it('waits a minute (or the Retry-After) when the appliance is out of disk space, without quick retries', () => {
    const full = classifyFailure(httpError(507, JSON.stringify({ error: { code: 'insufficient_storage', message: 'out of disk space' } })));
    expect(full).toEqual({ kind: 'transient', message: 'the appliance is out of disk space; retrying once it has room', retryAfterMs: 60_000 });
    expect(classifyFailure(httpError(507, '', { 'Retry-After': '120' }))).toMatchObject({ retryAfterMs: 120_000 });
    expect(classifyFailure(httpError(507, '', { 'Retry-After': '1' }))).toMatchObject({ retryAfterMs: 10_000 });
    expect(classifyFailure(httpError(429, '', { 'Retry-After': '45' }))).toMatchObject({ kind: 'transient', retryAfterMs: 45_000 });
  });

  it('treats other answers as final, with the server message', () => {
    const body = JSON.stringify({ error: { code: 'unsupported_media_type', message: 'text/plain is not an accepted video or audio type' } });
    expect(classifyFailure(httpError(415, body))).toMatchObject({ kind: 'permanent', message: 'text/plain is not an accepted video or audio type' });
    expect(classifyFailure(httpError(401))).toMatchObject({ kind: 'permanent', status: 401 });
    expect(classifyFailure(httpError(404)).kind).toBe('gone');
    expect(classifyFailure(httpError(410)).kind).toBe('gone');
  });

  it('recognises a file that changed or vanished', () => {
    const changed = detailed('tus: failed', new FileChangedError('changed'), request, undefined);
    expect(classifyFailure(changed).kind).toBe('changed');
    const gone = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    expect(classifyFailure(gone)).toMatchObject({ kind: 'permanent', message: 'cannot read the file: no such file or folder' });
  });
});

describe('backoff', () => {
  it('grows exponentially to a cap, with bounded jitter', () => {
    const opts = { baseMs: 1000, maxMs: 30_000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, opts))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    const jittered = backoffDelay(3, { baseMs: 1000, maxMs: 30_000, jitter: 0.2 }, () => 1);
    expect(jittered).toBe(4800);
  });
});

describe('previews as data', () => {
  it('seeks before -i for the thumbnail and scales to 320 px', () => {
    const args = thumbnailArgs('/m/a.mp4', 2.5);
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(args).toContain('scale=320:-2');
    expect(args.slice(-1)).toEqual(['-']);
    expect(thumbnailMoment(5)).toBe(0.5);
    expect(thumbnailMoment(3600)).toBe(10);
    expect(thumbnailMoment(null)).toBe(0);
  });

  it('decodes mono 8 kHz PCM, optionally only the first seconds', () => {
    expect(pcmArgs('/m/a.mp3').join(' ')).toContain('-ac 1 -ar 8000 -f s16le -');
    const coarse = pcmArgs('/m/a.mp3', 60);
    expect(coarse.indexOf('-t')).toBeLessThan(coarse.indexOf('-i'));
  });

  it('reads ffprobe output, not counting cover art as video', () => {
    const probe = parseProbe(JSON.stringify({ format: { duration: '12.5' }, streams: [{ codec_type: 'audio' }, { codec_type: 'video', disposition: { attached_pic: 1 } }] }));
    expect(probe).toEqual({ durationSec: 12.5, hasVideo: false, hasAudio: true, formatName: null });
  });

  it('runs FFmpeg from app.asar.unpacked inside a packaged app', () => {
    expect(unpackedAsarPath('/opt/Biblio/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe(
      '/opt/Biblio/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
    );
    expect(unpackedAsarPath('C:\\Biblio\\resources\\app.asar\\node_modules\\ffmpeg.exe')).toBe('C:\\Biblio\\resources\\app.asar.unpacked\\node_modules\\ffmpeg.exe');
  });
});

describe('folder walk and ids', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'biblio-walk-'));
    await mkdir(path.join(dir, 'talks', 'deep'), { recursive: true });
    await writeFile(path.join(dir, 'talks', 'b.mp4'), 'x');
    await writeFile(path.join(dir, 'talks', 'deep', 'a.MP3'), 'x');
    await writeFile(path.join(dir, 'talks', 'notes.txt'), 'x');
    await writeFile(path.join(dir, 'talks', '.hidden.mp4'), 'x');
    await symlink(path.join(dir, 'talks'), path.join(dir, 'talks', 'loop'));
    await writeFile(path.join(dir, 'explicit.bin'), 'x');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('walks folders for media (no hidden files, no symlink loops) and keeps explicit files', async () => {
    const result = await walkPaths([path.join(dir, 'talks'), path.join(dir, 'explicit.bin'), path.join(dir, 'missing.mp4')]);
    expect(result.files.map((f) => path.relative(dir, f.path))).toEqual([path.join('talks', 'b.mp4'), path.join('talks', 'deep', 'a.MP3'), 'explicit.bin']);
    expect(result.problems).toEqual([{ path: path.join(dir, 'missing.mp4'), error: 'no such file or folder' }]);
  });

  it('takes the media id from the upload URL', () => {
    expect(mediaIdOfUrl('http://127.0.0.1:8080/files/0b3c1f9e-2d7a-4c55-9a1e-0a5b9d3c2e11')).toBe('0b3c1f9e-2d7a-4c55-9a1e-0a5b9d3c2e11');
  });
});

describe("the appliance's verdict on a finished upload", () => {
  it('becomes the item note for REJECTED/FAILED and is cleared once the media is fine again', () => {
    const rejected = verdictNote('REJECTED', 'not a media file');
    expect(rejected).toBe('Rejected on the appliance: not a media file');
    expect(verdictNote('FAILED', null)).toBe('Processing failed on the appliance: no reason given');
    expect(verdictNote('UPLOADED', null)).toBeUndefined();
    expect(noteAfterVerdict(null, rejected!)).toBe(rejected);
    expect(noteAfterVerdict(rejected!, verdictNote('READY', null)!)).toBeNull();
    expect(noteAfterVerdict('The file changed on disk…', null)).toBe('The file changed on disk…');
  });
});
