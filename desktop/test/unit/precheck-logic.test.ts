import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaDto, QueueItem } from '@biblio/shared';
import { describe, expect, it } from 'vitest';
import type { ApplianceClient } from '../../src/core/appliance-client.js';
import { sha256OfFile } from '../../src/core/content-hash.js';
import { verdictOfProbe } from '../../src/core/media-check.js';
import { parseProbe, probeArgs } from '../../src/core/preview-commands.js';
import { newRecord } from '../../src/core/queue-entry.js';
import type { ItemRecord } from '../../src/core/queue-store.js';
import { precheckUpload, relationTo } from '../../src/core/upload-precheck.js';
import { claimMatches } from '../../src/host/local-files.js';
import { localPathsFromUriList } from '../../src/renderer/drop-paths.js';
import { translate } from '../../src/renderer/i18n/translate.js';
import { canRetry, queueRowStatus, type RowStatus } from '../../src/renderer/queue-status.js';

describe('local media check (verdict of an ffprobe run)', () => {
  const probe = (streams: string[], format: string) =>
    parseProbe(JSON.stringify({ streams: streams.map((codec_type) => ({ codec_type })), format: { format_name: format, duration: '3.0' } }));

  it('accepts audio or video recordings', () => {
    expect(verdictOfProbe('/a/talk.mp4', probe(['video', 'audio'], 'mov,mp4,m4a,3gp,3g2,mj2'))).toEqual({ readable: true });
    expect(verdictOfProbe('/a/talk.mp3', probe(['audio'], 'mp3'))).toEqual({ readable: true });
  });

  it('refuses images and text shown as "video", and files without streams, naming the extension and no MIME type', () => {
    const png = verdictOfProbe('/a/cover.png', probe(['video'], 'png_pipe'));
    expect(png).toEqual({ readable: false, reason: 'This .png file is a still image, not a video or audio recording' });
    expect(verdictOfProbe('/a/readme.txt', probe(['video'], 'tty'))).toEqual({ readable: false, reason: 'This .txt file is text, not a video or audio recording' });
    expect(verdictOfProbe('/a/x.mkv', probe(['subtitle'], 'matroska,webm'))).toEqual({ readable: false, reason: 'This .mkv file has no audio or video in it' });
  });

  it('turns an FFmpeg failure into a sentence without the path FFmpeg prefixes', () => {
    const verdict = verdictOfProbe('/home/me/notes.txt', { failed: '/home/me/notes.txt: Invalid data found when processing input' });
    expect(verdict).toEqual({ readable: false, reason: 'This .txt file is not a video or audio recording Biblio can read (FFmpeg: invalid data found when processing input)' });
    expect(verdictOfProbe('/home/me/README', { failed: 'x' })).toMatchObject({ reason: expect.stringMatching(/^This file is not/) });
  });

  it('asks ffprobe for the container name too', () => {
    expect(probeArgs('/f.mp4').join(' ')).toContain('format=duration,format_name');
  });
});

describe('content hash', () => {
  it('is the sha256 of the whole file, read in bounded pieces, with progress', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biblio-hash-'));
    try {
      const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
      const file = path.join(dir, 'f.bin');
      await writeFile(file, bytes);
      const seen: number[] = [];
      const hex = await sha256OfFile(file, { onProgress: (n) => seen.push(n) });
      expect(hex).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(seen.at(-1)).toBe(bytes.length);
      expect(seen.length).toBeGreaterThanOrEqual(4); // 1 MiB reads, never the whole file at once
      await expect(sha256OfFile(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const item = (patch: Partial<QueueItem>): QueueItem => ({
  id: '1', path: '/a/x.mp4', name: 'x.mp4', size: 10, mimeType: 'video/mp4', state: 'done', uploadedBytes: 10, speedBps: 0, etaSec: 0,
  mediaId: 'm', error: null, attempt: 1, preview: { thumbnail: null, peaks: null, final: true, error: null }, createdAt: '', duplicateOf: null, canRetry: false,
  ...patch,
});
const media = (status: MediaDto['status']) => ({ status }) as MediaDto;
/** The status as the English UI words it. */
const english = ({ label, tone }: RowStatus) => ({ label: translate('en', label), tone });

describe('one status per queue row', () => {
  it('after upload, the appliance verdict is the status: never "Uploaded" for a rejected file', () => {
    expect(english(queueRowStatus(item({}), media('REJECTED')))).toEqual({ label: 'Rejected', tone: 'bad' });
    expect(queueRowStatus(item({}), media('FAILED')).tone).toBe('bad');
    expect(english(queueRowStatus(item({}), media('PROCESSING'))).label).toBe('Processing');
    expect(english(queueRowStatus(item({}), media('READY'))).label).toBe('Ready');
    // The library has not loaded the media yet, but the core noted the verdict from SSE.
    expect(english(queueRowStatus(item({ error: 'Rejected on the appliance: not media' }), undefined)).label).toBe('Rejected');
    expect(english(queueRowStatus(item({}), undefined)).label).toBe('Uploaded');
  });

  it('before upload, the local state; duplicates and refusals have their own words', () => {
    expect(english(queueRowStatus(item({ state: 'duplicate' }), undefined)).label).toBe('Already in library');
    expect(english(queueRowStatus(item({ state: 'refused' }), undefined))).toEqual({ label: 'Not uploaded', tone: 'bad' });
    expect(english(queueRowStatus(item({ state: 'uploading' }), media('UPLOADING'))).label).toBe('Uploading');
  });

  it('offers Retry only for errors a new try can fix', () => {
    expect(canRetry(item({ state: 'error', canRetry: true }))).toBe(true);
    expect(canRetry(item({ state: 'error', canRetry: false }))).toBe(false);
    expect(canRetry(item({ state: 'refused', canRetry: true }))).toBe(false);
  });
});

describe('browser host: reading a dropped file in place', () => {
  it('reads local paths from a drag URI list (comments, hosts, Windows drives, escapes)', () => {
    const list = '# dropped\r\nfile:///home/me/My%20Talks/t%C3%BCr.mp4\r\nfile://localhost/tmp/a.mp3\nfile://server/share/x.mp4\nhttps://example.com/v.mp4\nfile:///C:/Users/me/v.mov\n';
    expect(localPathsFromUriList(list)).toEqual(['/home/me/My Talks/tür.mp4', '/tmp/a.mp3', 'C:\\Users\\me\\v.mov']);
    expect(localPathsFromUriList('')).toEqual([]);
  });

  it('accepts a path only when it is the same file: name, size and modification time', () => {
    const claim = { path: '/home/me/talk.mp4', name: 'talk.mp4', size: 100, lastModified: 1_700_000_000_000 };
    const facts = { isFile: true, size: 100, mtimeMs: 1_700_000_000_400.5 };
    expect(claimMatches(claim, facts)).toBe(true);
    expect(claimMatches(claim, { ...facts, size: 99 })).toBe(false);
    expect(claimMatches(claim, { ...facts, mtimeMs: 1_700_000_010_000 })).toBe(false);
    expect(claimMatches(claim, { ...facts, isFile: false })).toBe(false);
    expect(claimMatches(claim, null)).toBe(false);
    expect(claimMatches({ ...claim, name: 'other.mp4' }, facts)).toBe(false);
    expect(claimMatches({ ...claim, path: 'talk.mp4' }, facts)).toBe(false);
    // macOS hands out NFD names; the page's File.name may be NFC.
    expect(claimMatches({ ...claim, path: '/x/데이터.mp4'.normalize('NFD'), name: '데이터.mp4' }, facts)).toBe(true);
  });
});

describe('two copies dropped together (which finishes hashing first is a race)', () => {
  const sha = 'a'.repeat(64);
  const record = (size: number, extra: Partial<ItemRecord> = {}): ItemRecord => ({ ...newRecord('/m/talk.mp4', size, 1, null, null), ...extra });

  it('an earlier item still being hashed, of the same size, may be a copy; of another size, or never to be hashed, it is not', () => {
    expect(relationTo(record(100), 100, sha)).toBe('maybe-copy');
    expect(relationTo(record(101), 100, sha)).toBe('other');
    expect(relationTo(record(100, { allowDuplicate: true }), 100, sha)).toBe('other');
    expect(relationTo(record(100, { contentHash: { fingerprint: 'f', sha256: sha } }), 100, sha)).toBe('copy');
    expect(relationTo(record(100, { contentHash: { fingerprint: 'f', sha256: 'b'.repeat(64) } }), 100, sha)).toBe('other');
  });

  it('the later copy waits for the earlier one to be read instead of uploading, and asks the appliance nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biblio-twins-'));
    try {
      const file = path.join(dir, 'copy.mp4');
      await writeFile(file, 'same bytes');
      const later = { ...newRecord(file, 10, 1, null, null) };
      const client = new Proxy({}, { get: () => () => Promise.reject(new Error('the appliance must not be asked')) }) as ApplianceClient;
      const outcome = await precheckUpload({ tools: null, client, earlierWithContent: () => ({ media: null, name: 'talk.mp4', hashing: true }) }, later, 'fp', new AbortController().signal);
      expect(outcome).toEqual({ kind: 'wait', reason: 'talk.mp4, queued earlier, may be the same file; checking again once it has been read' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
