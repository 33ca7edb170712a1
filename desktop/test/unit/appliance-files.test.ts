import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplianceFiles, filenameOf, safeName } from '../../src/core/appliance-files.js';
import { ApplianceError } from '../../src/core/appliance-request.js';

const ID = '0b7c3d1e-2f4a-4b5c-8d6e-7f8091a2b3c4';
const original = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
let server: Server;
let url = '';
let dir = '';
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'biblio-files-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      if (req.url === `/api/media/${ID}/original?download=1`) {
        res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Disposition': `attachment; filename="x.mp4"; filename*=UTF-8''Le%C3%A7on%201.mp4` });
        res.end(original);
      } else if (req.url === `/api/media/${ID}/sprite.jpg`) {
        res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(Buffer.from([0xff, 0xd8, 0xff]));
      } else {
        res.writeHead(409, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_ready', message: 'the thumbnail is not ready yet' } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const files = () => new ApplianceFiles(() => ({ serverUrl: url, token: 'secret-token-1234' }), dir);

describe('library downloads and images through the core', () => {
  it('streams the original under its own name, byte for byte, and never overwrites an earlier download', async () => {
    const first = await files().download(ID, 'original');
    const second = await files().download(ID, 'original');
    expect(path.basename(first.path)).toBe('Leçon 1.mp4');
    expect(path.basename(second.path)).toBe('Leçon 1 (2).mp4');
    expect(first.bytes).toBe(original.length);
    const hash = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    expect(hash(await readFile(second.path))).toBe(hash(original));
    expect((await readdir(dir)).filter((name) => name.endsWith('.part'))).toEqual([]);
    expect(seen.at(-1)?.auth).toBe('Bearer secret-token-1234');
  });

  it('hands images over as data: URLs and reports the appliance\'s reason when one is missing', async () => {
    expect(await files().image(ID, 'sprite')).toBe('data:image/jpeg;base64,/9j/');
    const error = await files().image(ID, 'poster').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplianceError);
    expect((error as ApplianceError).message).toBe('the thumbnail is not ready yet');
    expect((await readdir(dir)).length).toBe(2);
  });

  it('sends a rename as a JSON PATCH', async () => {
    await files().rename(ID, { title: 'New' }).catch(() => undefined);
    expect(seen.at(-1)).toMatchObject({ method: 'PATCH', url: `/api/media/${ID}`, body: '{"title":"New"}' });
  });
});

describe('download names', () => {
  it('prefers the UTF-8 filename and keeps names inside the folder', () => {
    expect(filenameOf(`attachment; filename="a.vtt"; filename*=UTF-8''b%20c.vtt`)).toBe('b c.vtt');
    expect(filenameOf('attachment; filename="plain.srt"')).toBe('plain.srt');
    expect(filenameOf(null)).toBeNull();
    expect(safeName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeName('a:b*c?.mp4')).toBe('a_b_c_.mp4');
    expect(safeName('...')).toBe('download');
  });
});
