import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, fixtureDir, killEmbeddedRedis, runAdmin, startAppliance, talkingAudio, terminate, waitFor } from '@biblio/test-support';
import { tally } from './tally.js';

/**
 * Signed playback URLs as an attacker holding one sees them: forged and tampered signatures,
 * a signature moved to another media, expiry, key rotation, and use after every kind of delete.
 * Each request that must be refused is one authz cell; a leak is a 200 for it.
 */
const TTL_SEC = 6;
let app: ApplianceProcess;
let fixtures: string;
let ownerId: string;
let cells = 0;
const leaks: string[] = [];

interface Signed {
  mediaId: string;
  query: string;
  master: string;
  variant: string;
  segment: string;
  expiresAt: number;
}

/** A fresh playback URL of a media, with the signed variant playlist and first segment it leads to. */
async function signed(mediaId: string): Promise<Signed> {
  const res = await api(app.url, ADMIN_TOKEN, `/api/media/${mediaId}/playback`);
  expect(res.status, res.text).toBe(200);
  const master = res.json.url as string;
  const query = new URL(master).search.slice(1);
  const base = `${app.url}/play/${mediaId}/`;
  const firstUri = (text: string) => text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'))!;
  const variant = new URL(firstUri(await (await fetch(master)).text()), base).toString();
  const segment = new URL(firstUri(await (await fetch(variant)).text()), variant).toString();
  return { mediaId, query, master, variant, segment, expiresAt: new Date(res.json.expiresAt).getTime() };
}

function withQuery(url: string, query: string): string {
  return `${url.split('?')[0]}?${query}`;
}

/** One request that must be refused: counted as a cell, and a leak when it is served. */
async function mustRefuse(label: string, url: string): Promise<void> {
  const res = await fetch(url);
  await res.arrayBuffer();
  cells += 1;
  if (res.status === 200) leaks.push(`${label}: ${res.status} ${url}`);
  else expect([403, 404], label).toContain(res.status);
}

async function mustServe(url: string): Promise<void> {
  const res = await fetch(url);
  await res.arrayBuffer();
  expect(res.status, url).toBe(200);
}

async function uploadReady(name: string): Promise<string> {
  const audio = await talkingAudio(fixtures, [{ text: `The ${name} river flows past the old library.`, atSec: 1 }], 5);
  const created = await createUpload(app.url, ADMIN_TOKEN, audio.bytes.length, { filename: `${name}.mp3`, filetype: 'audio/mpeg' }, {}, audio.bytes);
  expect(created.status, created.body).toBe(201);
  const media = await waitFor(
    `${name} to be READY`,
    async () => {
      const m = (await api(app.url, ADMIN_TOKEN, `/api/media/${created.mediaId}`)).json;
      return ['READY', 'FAILED', 'REJECTED'].includes(m?.status) ? m : undefined;
    },
    180_000,
  );
  expect(media.status, JSON.stringify(media)).toBe('READY');
  return created.mediaId!;
}

function derivedDir(mediaId: string): string {
  return path.join(app.dataDir, 'storage', 'media', ownerId, mediaId);
}

beforeAll(async () => {
  fixtures = await fixtureDir();
  app = await startAppliance({ env: { BIBLIO_PLAYBACK_TTL: `${TTL_SEC}s`, BIBLIO_TRANSCRIBE_WINDOW: '10s', BIBLIO_STT: 'pocketsphinx' } });
  ownerId = (await api(app.url, ADMIN_TOKEN, '/api/me')).json.id;
});

afterAll(async () => {
  tally('authz', { cells, leaks: leaks.length });
  await app?.stop();
  if (app) await killEmbeddedRedis(app.dataDir);
  if (app) await rm(app.dataDir, { recursive: true, force: true });
  if (fixtures) await rm(fixtures, { recursive: true, force: true });
});

describe('signed playback URLs', () => {
  let a: string;
  let b: string;

  beforeAll(async () => {
    a = await uploadReady('alpha');
    b = await uploadReady('bravo');
  });

  it('refuses forged and tampered signatures and a signature moved to another media', async () => {
    const url = await signed(a);
    await mustServe(url.master);
    await mustServe(url.segment);
    const params = new URLSearchParams(url.query);
    const exp = params.get('exp')!;
    const sig = params.get('sig')!;
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const forgeries: [string, string][] = [
      ['no signature', ''],
      ['exp only', `exp=${exp}`],
      ['sig only', `sig=${sig}`],
      ['forged signature', `exp=${exp}&sig=${'x'.repeat(sig.length)}`],
      ['one character changed', `exp=${exp}&sig=${flipped}`],
      ['truncated signature', `exp=${exp}&sig=${sig.slice(0, -1)}`],
      ['empty signature', `exp=${exp}&sig=`],
      ['exp + 1', `exp=${Number(exp) + 1}&sig=${sig}`],
      ['exp + 10 years', `exp=${Number(exp) + 315_360_000}&sig=${sig}`],
      ['exp not a number', `exp=${exp}x&sig=${sig}`],
      ['negative exp', `exp=-${exp}&sig=${sig}`],
      ['signature of an unsigned HMAC key (empty)', `exp=${exp}&sig=${Buffer.alloc(32).toString('base64url')}`],
    ];
    for (const [label, query] of forgeries) {
      for (const target of [url.master, url.variant, url.segment]) await mustRefuse(label, withQuery(target, query));
    }
    // Replay across media: A's valid query on B's playlists and segments.
    const other = await signed(b);
    for (const target of [other.master, other.variant, other.segment]) await mustRefuse('signature of A used for B', withQuery(target, url.query));
    expect(leaks).toEqual([]);
  });

  it('stops serving once the URL expires', async () => {
    const url = await signed(a);
    await mustServe(url.segment);
    await sleep(Math.max(0, url.expiresAt - Date.now()) + 1_100);
    for (const target of [url.master, url.variant, url.segment]) await mustRefuse('expired URL', target);
    expect(leaks).toEqual([]);
  });

  it('rotating the key (admin CLI) invalidates every URL issued before, at once', async () => {
    const before = await signed(a);
    await mustServe(before.segment);
    const rotated = await runAdmin(app.dataDir, ['rotate-playback-key']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/rotated/);
    for (const target of [before.master, before.variant, before.segment]) await mustRefuse('URL signed with the old key', target);
    const after = await signed(a);
    await mustServe(after.master);
    await mustServe(after.segment);
    expect(leaks).toEqual([]);
  });

  it('REST DELETE ends playback at once and removes every derived asset', async () => {
    const url = await signed(b);
    await mustServe(url.segment);
    expect(existsSync(derivedDir(b))).toBe(true);
    const deleted = await api(app.url, ADMIN_TOKEN, `/api/media/${b}`, { method: 'DELETE' });
    expect(deleted.status).toBeLessThan(300);
    for (const target of [url.master, url.variant, url.segment]) await mustRefuse('URL issued before REST DELETE', target);
    expect(existsSync(derivedDir(b)), 'HLS, thumbnails and audio of the deleted media').toBe(false);
    expect(existsSync(path.join(app.dataDir, 'storage', 'uploads', ownerId, b)), 'the upload').toBe(false);
    for (const route of ['thumbnail.jpg', 'transcript.json', 'playback']) {
      const res = await api(app.url, ADMIN_TOKEN, `/api/media/${b}/${route}`);
      cells += 1;
      if (res.status === 200) leaks.push(`${route} after delete`);
    }
    const search = await api(app.url, ADMIN_TOKEN, '/api/search?q=bravo%20river');
    cells += 1;
    if ((search.json?.results ?? []).some((r: { mediaId: string }) => r.mediaId === b)) leaks.push('search finds a deleted media');
    expect(leaks).toEqual([]);
  });

  it('tus termination of a finished upload ends playback at once and removes every derived asset', async () => {
    const c = await uploadReady('charlie');
    const url = await signed(c);
    await mustServe(url.segment);
    expect(existsSync(derivedDir(c))).toBe(true);
    const terminated = await terminate(app.url, ADMIN_TOKEN, c);
    expect(terminated.status).toBe(204);
    for (const target of [url.master, url.variant, url.segment]) await mustRefuse('URL issued before tus termination', target);
    // Removing the files follows the status change (which alone already ends playback).
    await waitFor('the derived assets to be removed', async () => !existsSync(derivedDir(c)), 5_000);
    expect((await api(app.url, ADMIN_TOKEN, `/api/media/${c}`)).status).toBe(404);
    expect(leaks).toEqual([]);
  });
});
