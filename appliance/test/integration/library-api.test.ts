import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ApplianceProcess, createUpload, createUser, disposeAppliance, fixtureDir, patch, randomData, sha256, startAppliance, talkingVideo } from '@biblio/test-support';

/**
 * The library half of the REST API against a real appliance: GET /api/media paging (stable
 * while uploads arrive), sorting, filters and their 400s; PATCH renames; the original download
 * with Range; the poster, sprite and transcript downloads a library card links to; owner scoping
 * throughout (another owner's media is 404, never 403).
 */
let app: ApplianceProcess;
let alice: string;
let bob: string;
let dir: string;

interface Item {
  id: string;
  title: string | null;
  filename: string;
  size: number;
  status: string;
  kind: string | null;
  sha256: string | null;
  createdAt: string;
  thumbnailUrl: string | null;
  spriteUrl: string | null;
  originalUrl: string | null;
  durationSec: number | null;
}

/** A finished upload of random bytes (validation rejects it later; the library still lists it). */
async function upload(token: string, metadata: Record<string, string>, bytes = randomData(2048)) {
  const created = await createUpload(app.url, token, bytes.length, { filetype: 'video/mp4', ...metadata }, {}, bytes);
  expect(created.status).toBe(201);
  return { id: created.mediaId!, bytes };
}

async function list(token: string, query: string) {
  return api(app.url, token, `/api/media${query ? `?${query}` : ''}`);
}

/** Every page through nextCursor; `between` runs after each page. */
async function walk(token: string, query: string, between: (n: number) => Promise<void> = async () => undefined): Promise<Item[]> {
  const seen: Item[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 100; n++) {
    const res = await list(token, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, res.text).toBe(200);
    seen.push(...(res.json.media as Item[]));
    await between(n);
    cursor = res.json.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('paging never ended');
}

beforeAll(async () => {
  app = await startAppliance();
  dir = await fixtureDir();
  alice = await createUser(app.dataDir, 'alice');
  bob = await createUser(app.dataDir, 'bob');
});

afterAll(async () => {
  await disposeAppliance(app);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('GET /api/media', () => {
  it('pages with a cursor, stable while uploads arrive, and only ever shows the caller’s media', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) mine.push((await upload(alice, { filename: `page-${i}.mp4`, title: `Paging ${i}` })).id);
    const bobs = (await upload(bob, { filename: 'bob.mp4' })).id;
    for (const sort of ['newest', 'oldest', 'title', 'size', 'duration']) {
      const seen = await walk(alice, `q=Paging&limit=2&sort=${sort}`, async (n) => {
        // New uploads land between pages, some of them before the cursor, some after.
        await upload(alice, { filename: `late-${sort}-${n}.mp4`, title: `Paging late ${n}` });
      });
      const ids = seen.map((m) => m.id);
      expect(new Set(ids).size, `${sort}: no media twice`).toBe(ids.length);
      for (const id of mine) expect(ids, `${sort}: none of the first seven skipped`).toContain(id);
    }
    const all = await walk(alice, 'limit=100');
    expect(all.map((m) => m.id)).not.toContain(bobs);
    expect((await walk(bob, 'limit=100')).map((m) => m.id)).toEqual([bobs]);
    // Newest first by default; createdAt never increases down the list.
    const times = all.map((m) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('sorts by title and size, and filters by text, status, kind, language, dates and sha256', async () => {
    const zebra = await upload(alice, { filename: 'zz.mp4', title: 'zebra crossing', language: 'de' }, randomData(3000));
    const apple = await upload(alice, { filename: 'Apple_50%.mp4', title: 'Apple orchard' }, randomData(1000));
    const mango = await upload(alice, { filename: 'mango.mp3', filetype: 'audio/mpeg' }, randomData(2000));
    const mine = new Set([zebra.id, apple.id, mango.id]);
    const only = (items: Item[]) => items.filter((m) => mine.has(m.id)).map((m) => m.id);

    expect(only(await walk(alice, 'sort=title&limit=3'))).toEqual([apple.id, mango.id, zebra.id]);
    expect(only(await walk(alice, 'sort=title&order=desc&limit=3'))).toEqual([zebra.id, mango.id, apple.id]);
    expect(only(await walk(alice, 'sort=size&limit=3'))).toEqual([zebra.id, mango.id, apple.id]);
    expect(only(await walk(alice, 'sort=size&order=asc'))).toEqual([apple.id, mango.id, zebra.id]);
    expect((await walk(alice, 'q=ORCHARD')).map((m) => m.id)).toEqual([apple.id]);
    expect((await walk(alice, `q=${encodeURIComponent('_50%')}`)).map((m) => m.id)).toEqual([apple.id]);
    expect((await walk(alice, 'q=mango.mp3&kind=audio')).map((m) => m.id)).toEqual([mango.id]);
    expect((await walk(alice, 'q=mango&kind=video')).map((m) => m.id)).toEqual([]);
    expect((await walk(alice, 'language=de')).map((m) => m.id)).toEqual([zebra.id]);
    expect(only(await walk(alice, `from=${encodeURIComponent((await list(alice, `q=Apple`)).json.media[0].createdAt)}`))).toEqual([mango.id, apple.id]);
    expect(only(await walk(alice, 'to=2000-01-01'))).toEqual([]);
    const statuses = new Set((await walk(alice, 'status=uploading,uploaded,processing,rejected')).map((m) => m.status));
    for (const status of statuses) expect(['UPLOADING', 'UPLOADED', 'PROCESSING', 'REJECTED']).toContain(status);

    const hash = sha256(zebra.bytes);
    const found = (await walk(alice, `sha256=${hash}`)).map((m) => m.id);
    expect(found).toEqual([zebra.id]);
    expect((await walk(bob, `sha256=${hash}`)).map((m) => m.id), 'another owner’s content is not “already in your library”').toEqual([]);
  });

  it('carries what a library card needs', async () => {
    const { id, bytes } = await upload(alice, { filename: 'card.mp4', title: 'A card', language: 'en' });
    const item = (await walk(alice, 'q=card.mp4'))[0]!;
    expect(item).toMatchObject({
      id,
      title: 'A card',
      filename: 'card.mp4',
      size: bytes.length,
      kind: 'video',
      sha256: sha256(bytes),
      originalUrl: `/api/media/${id}/original`,
      thumbnailUrl: null,
      spriteUrl: null,
    });
    expect(Date.parse(item.createdAt)).not.toBeNaN();
  });

  it.each([
    ['sort=bogus', 'sort'],
    ['order=up', 'order'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=1e2', 'limit'],
    ['cursor=garbage!!', 'cursor'],
    ['cursor=eyJ2IjoxfQ', 'cursor'],
    ['status=NOPE', 'status'],
    ['status=READY,DELETED', 'status'],
    ['kind=image', 'kind'],
    ['language=english!', 'language'],
    ['from=yesterday', 'from'],
    ['to=2026-13-45', 'to'],
    ['from=2026-02-01&to=2026-01-01', 'from'],
    ['sha256=abc', 'sha256'],
    ['q=%00', 'q'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const res = await list(alice, query);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.field).toBe(field);
    expect(res.json.error.code).toMatch(/^(invalid|missing)_/);
  });

  it('refuses a cursor replayed with another sort or filter', async () => {
    const first = await list(alice, 'limit=1&sort=title');
    const cursor = encodeURIComponent(first.json.nextCursor);
    expect((await list(alice, `limit=1&sort=title&cursor=${cursor}`)).status).toBe(200);
    const other = await list(alice, `limit=1&sort=size&cursor=${cursor}`);
    expect(other.status).toBe(400);
    expect(other.json.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
    expect((await list(alice, `limit=1&sort=title&q=x&cursor=${cursor}`)).status).toBe(400);
  });
});

describe('PATCH /api/media/:id', () => {
  it('retitles and renames for the owner; 404 for anyone else', async () => {
    const { id } = await upload(alice, { filename: 'raw-take.mp4' });
    const titled = await api(app.url, alice, `/api/media/${id}`, { method: 'PATCH', body: JSON.stringify({ title: '  Final cut ' }) });
    expect(titled.status, titled.text).toBe(200);
    expect(titled.json).toMatchObject({ id, title: 'Final cut', filename: 'raw-take.mp4' });
    const renamed = await api(app.url, alice, `/api/media/${id}`, { method: 'PATCH', body: JSON.stringify({ filename: 'final.mp4', title: null }) });
    expect(renamed.json).toMatchObject({ title: null, filename: 'final.mp4' });
    expect((await api(app.url, alice, `/api/media/${id}`)).json).toMatchObject({ title: null, filename: 'final.mp4' });
    expect((await walk(alice, 'q=final.mp4')).map((m) => m.id)).toEqual([id]);

    const asBob = await api(app.url, bob, `/api/media/${id}`, { method: 'PATCH', body: JSON.stringify({ title: 'mine now' }) });
    expect(asBob.status).toBe(404);
    expect((await api(app.url, alice, `/api/media/${id}`)).json.title).toBeNull();
    expect((await api(app.url, alice, '/api/media/00000000-0000-4000-8000-000000000000', { method: 'PATCH', body: '{"title":"x"}' })).status).toBe(404);
  });

  it.each([
    ['{}', 'title'],
    ['{"filename":""}', 'filename'],
    ['{"filename":"a/b.mp4"}', 'filename'],
    ['{"title":"' + 'x'.repeat(301) + '"}', 'title'],
    ['{"title":5}', 'title'],
    ['{"owner":"x","title":"y"}', 'body'],
    ['not json', 'body'],
  ])('body %s is a 400 naming %s', async (body, field) => {
    const { id } = await upload(alice, { filename: 'patch-target.mp4' });
    const res = await api(app.url, alice, `/api/media/${id}`, { method: 'PATCH', body });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.field).toBe(field);
  });
});

describe('GET /api/media/:id/original', () => {
  it('serves the whole file and single ranges, with the headers downloads need', async () => {
    const bytes = randomData(100_000);
    const { id } = await upload(alice, { filename: 'Vorlesung über Öl.mp4' }, bytes);
    const url = `/api/media/${id}/original`;

    const full = await fetch(`${app.url}${url}`, { headers: { Authorization: `Bearer ${alice}` } });
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-length')).toBe(String(bytes.length));
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(full.headers.get('etag')).toBe(`"sha256-${sha256(bytes)}"`);
    expect(full.headers.get('content-disposition')).toBe(`inline; filename="Vorlesung _ber _l.mp4"; filename*=UTF-8''Vorlesung%20%C3%BCber%20%C3%96l.mp4`);
    expect(Buffer.from(await full.arrayBuffer()).equals(bytes)).toBe(true);

    const ranged = async (range: string, extra: Record<string, string> = {}) =>
      fetch(`${app.url}${url}`, { headers: { Authorization: `Bearer ${alice}`, Range: range, ...extra } });
    const middle = await ranged('bytes=1000-1999');
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(middle.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);

    const tail = await ranged('bytes=-10');
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(-10))).toBe(true);
    const open = await ranged('bytes=99990-');
    expect(open.headers.get('content-range')).toBe(`bytes 99990-99999/${bytes.length}`);
    await open.arrayBuffer();

    const outside = await ranged(`bytes=${bytes.length}-`);
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe('range_not_satisfiable');

    // If-Range naming another version: the whole current file, not a piece of it.
    const stale = await ranged('bytes=0-9', { 'If-Range': '"sha256-0000"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    const fresh = await ranged('bytes=0-9', { 'If-Range': `"sha256-${sha256(bytes)}"` });
    expect(fresh.status).toBe(206);
    await fresh.arrayBuffer();

    const download = await fetch(`${app.url}${url}?download=1`, { method: 'HEAD', headers: { Authorization: `Bearer ${alice}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('is 404 for another owner and 409 while the upload is unfinished', async () => {
    const { id } = await upload(alice, { filename: 'private.mp4' });
    expect((await api(app.url, bob, `/api/media/${id}/original`)).status).toBe(404);
    expect((await api(app.url, bob, `/api/media/${id}/original`, { headers: { Range: 'bytes=0-1' } })).status).toBe(404);
    expect((await api(app.url, undefined, `/api/media/${id}/original`)).status).toBe(401);
    const unfinished = await createUpload(app.url, alice, 5000, { filename: 'half.mp4', filetype: 'video/mp4' });
    expect((await patch(app.url, alice, unfinished.mediaId!, 0, randomData(100))).status).toBe(204);
    const early = await api(app.url, alice, `/api/media/${unfinished.mediaId}/original`);
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('not_ready');
    const listed = (await walk(alice, 'q=half.mp4'))[0]!;
    expect(listed.originalUrl).toBeNull();
  });
});

describe('a processed video', () => {
  it('lists its poster and sprite, and serves them and its subtitles as downloads', async () => {
    const video = await talkingVideo(dir, [{ text: 'Rivers shape the land.', atSec: 0.5 }], { seconds: 4, width: 320, height: 180, name: 'river talk.mp4' });
    const created = await createUpload(app.url, alice, video.bytes.length, { filename: 'river talk.mp4', filetype: 'video/mp4' }, {}, video.bytes);
    const id = created.mediaId!;
    const deadline = Date.now() + 150_000;
    let item: Item | undefined;
    while (Date.now() < deadline) {
      item = (await walk(alice, 'q=river'))[0];
      if (item && ['READY', 'FAILED', 'REJECTED'].includes(item.status)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(item?.status, JSON.stringify(item)).toBe('READY');
    expect(item).toMatchObject({ kind: 'video', thumbnailUrl: `/api/media/${id}/thumbnail.jpg`, spriteUrl: `/api/media/${id}/sprite.jpg` });
    expect(item!.durationSec).toBeGreaterThan(3);
    expect((await walk(alice, 'kind=video&status=READY&q=river')).map((m) => m.id)).toEqual([id]);

    for (const path of [item!.thumbnailUrl!, item!.spriteUrl!]) {
      const res = await fetch(`${app.url}${path}`, { headers: { Authorization: `Bearer ${alice}` } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      const jpeg = Buffer.from(await res.arrayBuffer());
      expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
      expect((await api(app.url, bob, path)).status).toBe(404);
    }
    const vtt = await api(app.url, alice, `/api/media/${id}/transcript.vtt?download=1`);
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-disposition')).toBe(`attachment; filename="river talk.vtt"; filename*=UTF-8''river%20talk.vtt`);
    expect(vtt.text.startsWith('WEBVTT')).toBe(true);
    const json = await api(app.url, alice, `/api/media/${id}/transcript.json?download=1`);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="river talk.json"/);
    expect((await api(app.url, alice, `/api/media/${id}/transcript.srt`)).headers.get('content-disposition')).toMatch(/^inline; filename="river talk.srt"/);
    expect((await api(app.url, alice, `/api/media/${id}/transcript.srt?download=yes`)).status).toBe(400);
  });
});
