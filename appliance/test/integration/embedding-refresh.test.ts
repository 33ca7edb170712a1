import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, killEmbeddedRedis, startAppliance, tempDir, waitFor } from '@biblio/test-support';
import { openDatabase } from '../../src/adapters/db/connect.js';
import type { MediaFacts } from '../../src/domain/media-probe.js';
import { REFRESHED_ENGINE_SETTING } from '../../src/services/embedding-refresh.js';

const AUDIO: MediaFacts = { kind: 'audio', container: 'mp4', durationSec: 600, width: null, height: null, videoCodec: null, audioCodec: 'aac', hasAudio: true };
const CHUNKS = 300;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) {
    await killEmbeddedRedis(dir);
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * An index written by another embedding engine (here: vectors an earlier version stored for a
 * model), opened by an appliance on the embedded hashing engine, which keeps no vectors: the
 * worker clears them in the background, search keeps working meanwhile, and shutdown still ends.
 */
describe('embedding refresh on a real appliance (PGlite)', () => {
  it("clears another engine's vectors after start and keeps every chunk searchable", async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const first = await startAppliance({ dataDir });
    expect(await first.stop()).toBe(0);

    const target = { kind: 'pglite' as const, dataDir: path.join(dataDir, 'db') };
    let db = await openDatabase(target);
    const mediaId = randomUUID();
    try {
      const admin = (await db.users.findByName('admin'))!;
      await db.media.create({ id: mediaId, ownerId: admin.id, filename: 'talk.m4a', filetype: 'audio/mp4', title: null, language: 'en', size: 1, objectKey: `uploads/${admin.id}/${mediaId}` });
      await db.processing.recordFacts(mediaId, AUDIO);
      for (const status of ['UPLOADED', 'PROCESSING'] as const) await db.media.transition(mediaId, status);
      const vector = Array.from({ length: 384 }, (_, i) => (i === 7 ? 1 : 0));
      const text = (seq: number) => `chunk ${seq} about the harbour ${seq === 123 ? 'zeppelin' : 'ferry'}`;
      await db.processing.replaceChunks(
        mediaId,
        admin.id,
        Array.from({ length: CHUNKS }, (_, seq) => ({ seq, start: seq * 2, end: seq * 2 + 2, text: text(seq), segments: [{ start: seq * 2, end: seq * 2 + 2, text: text(seq) }], embedding: { engine: 'an older model', vector } })),
      );
      await db.media.transition(mediaId, 'READY');
      // As an appliance on that model would have left it.
      await db.processing.replaceSetting(REFRESHED_ENGINE_SETTING, 'an older model');
    } finally {
      await db.close();
    }

    const app = await startAppliance({ dataDir, env: { BIBLIO_LOG_LEVEL: 'info' } });
    try {
      const found = await api(app.url, ADMIN_TOKEN, '/api/search?q=zeppelin');
      expect(found.status).toBe(200);
      expect((found.json as { results: { mediaId: string; start: number }[] }).results[0]).toMatchObject({ mediaId, start: 246 });
      const done = () =>
        app
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l['msg'] === 'embeddings: every chunk is on the current engine');
      await waitFor('the refresh to finish', async () => done() !== undefined, 30_000);
      expect(done()).toMatchObject({ chunks: CHUNKS, embedder: 'hashing' });
    } finally {
      expect(await app.stop()).toBe(0);
    }
    // A later start on the same engine finds the work recorded as done and does not walk again.
    const again = await startAppliance({ dataDir, env: { BIBLIO_LOG_LEVEL: 'info' } });
    try {
      await waitFor('the workers', async () => again.output().includes('workers started'), 30_000);
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(app.output()).toContain('checking that every chunk is on the current engine');
    expect(again.output()).not.toContain('checking that every chunk');

    db = await openDatabase(target);
    try {
      expect(await db.processing.staleEmbeddings(null, 10)).toEqual([]);
      expect(await db.processing.staleEmbeddings('an older model', 1000)).toHaveLength(CHUNKS);
    } finally {
      await db.close();
    }
  });
});
