import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/db/sql-database.js';
import { pgliteTarget, type Target } from './harness/database-targets.js';

/**
 * PGlite has no autovacuum: without this upkeep its planner never learns how many chunks an
 * owner has and never takes the HNSW index (4.2 s p95 vector queries at 100k chunks).
 */
describe('search planner upkeep on PGlite', () => {
  let target: Target;
  let db: SqlDatabase;
  const owner = randomUUID();
  const reltuples = async () => Number((await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'search_chunks'::regclass`.execute(db.kysely)).rows[0]!.n);
  const settings = async (name: string) => (await sql<{ v: string }>`SELECT current_setting(${name}) AS v`.execute(db.kysely)).rows[0]!.v;

  beforeAll(async () => {
    target = await pgliteTarget();
    db = await target.open();
    await db.users.create({ id: owner, name: 'owner', isAdmin: false });
  });
  afterAll(async () => {
    await db?.close();
    await target?.dispose();
  });

  const indexMedia = async (chunks: number) => {
    const id = randomUUID();
    await db.media.create({ id, ownerId: owner, filename: 'a.m4a', filetype: 'audio/mp4', title: null, language: null, size: 1, objectKey: `uploads/${owner}/${id}` });
    const embedding = new Array<number>(384).fill(0).map((_, i) => (i === chunks ? 1 : 0.01));
    await db.processing.replaceChunks(id, owner, Array.from({ length: chunks }, (_, seq) => ({ seq, start: seq, end: seq + 1, text: `chunk ${seq} words`, segments: [], embedding: { engine: 'test', vector: embedding } })));
  };

  it('indexing analyzes search_chunks by the autovacuum rule (50 rows + 10 %)', async () => {
    expect(await reltuples()).toBeLessThanOrEqual(0);
    await indexMedia(30);
    expect(await reltuples()).toBeLessThanOrEqual(0);
    await indexMedia(30);
    expect(await reltuples()).toBe(60);
    await indexMedia(5);
    expect(await reltuples()).toBe(60);
  });

  it('a database filled without the upkeep (an older version) catches up when opened', async () => {
    await sql`INSERT INTO search_chunks (media_id, owner_id, seq, start_sec, end_sec, text, search_text, segments, embedding)
              SELECT media_id, owner_id, seq + 1000, start_sec, end_sec, text, search_text, segments, embedding FROM search_chunks`.execute(db.kysely);
    await db.close();
    db = await target.open();
    expect(await reltuples()).toBe(130);
  });

  it('the session asks HNSW for enough candidates for one search', async () => {
    expect(Number(await settings('hnsw.ef_search'))).toBeGreaterThanOrEqual(100);
    expect(await settings('hnsw.iterative_scan')).toBe('relaxed_order');
  });
});
