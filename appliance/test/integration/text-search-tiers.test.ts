import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/db/sql-database.js';
import { planQuery } from '../../src/domain/search-query.js';
import { freshPostgresDatabase, pgliteTarget, postgresMissing, type Target } from './harness/database-targets.js';

/**
 * Full-text tiers run best first and stop once the better ones hold `limit` chunks
 * (repositories/text-search.ts). These pin down what must not change with that: a worse tier
 * still fills in behind a short better one, and a full better tier is the whole answer.
 */
const engines: { label: string; skip?: string; open(): Promise<{ target: Target; dispose(): Promise<void> }> }[] = [
  { label: 'PGlite', open: async () => { const target = await pgliteTarget(); return { target, dispose: () => target.dispose() }; } },
  { label: 'Postgres + pgvector', ...(postgresMissing() ? { skip: postgresMissing()! } : {}), open: async () => { const pg = await freshPostgresDatabase(); return { target: pg.target, dispose: pg.dispose }; } },
];

for (const engine of engines) describe.skipIf(engine.skip !== undefined)(`full-text tiers on ${engine.label}`, () => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  const owner = randomUUID();
  const search = (q: string, limit: number, speaker?: string) => db.processing.textSearch(owner, planQuery(q)!, limit, speaker ? { speaker } : {});

  const indexMedia = async (texts: string[], speaker = 'Ana') => {
    const id = randomUUID();
    await db.media.create({ id, ownerId: owner, filename: `${id}.m4a`, filetype: 'audio/mp4', title: null, language: null, size: 1, objectKey: `uploads/${owner}/${id}` });
    await db.processing.replaceChunks(id, owner, texts.map((text, seq) => ({ seq, start: seq, end: seq + 1, text, segments: [{ start: seq, end: seq + 1, text, speakerName: speaker }], embedding: null })));
  };

  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    db = await opened.target.open();
    await db.users.create({ id: owner, name: `owner-${owner.slice(0, 8)}`, isAdmin: false });
    // 3 chunks with the phrase, 10 with every word apart, 10 with one word, 10 with none.
    await indexMedia([
      ...Array.from({ length: 3 }, (_, i) => `opening remarks then the library budget vote number ${i}`),
      ...Array.from({ length: 10 }, (_, i) => `the vote on the budget of the library came late ${i}`),
      ...Array.from({ length: 10 }, (_, i) => `a budget for roads ${i}`),
      ...Array.from({ length: 10 }, (_, i) => `nothing relevant was said here ${i}`),
    ]);
    // A second media whose 60 chunks all hold the phrase, spoken by someone else.
    await indexMedia(Array.from({ length: 60 }, (_, i) => `the library budget vote again ${i}`), 'Ben');
  });
  afterAll(async () => {
    await db?.close();
    await dispose?.();
  });

  it('a full phrase tier is the whole answer: no worse-tier chunk takes a place', async () => {
    const hits = await search('library budget vote', 50);
    expect(hits).toHaveLength(50);
    for (const hit of hits) expect(hit.text).toMatch(/library budget vote/);
  });

  it('behind a short phrase tier, every-word and then any-word chunks fill in, in that order', async () => {
    // Only Ana's media: 3 phrase chunks, then 10 with every word, then 10 with one.
    const hits = await search('library budget vote', 50, 'Ana');
    expect(hits).toHaveLength(23);
    expect(hits.slice(0, 3).every((h) => /library budget vote/.test(h.text))).toBe(true);
    expect(hits.slice(3, 13).every((h) => /vote on the budget of the library/.test(h.text))).toBe(true);
    expect(hits.slice(13).every((h) => /^a budget for roads/.test(h.text))).toBe(true);
  });

  it('a limit smaller than the phrase tier still gets only phrase chunks, and a word found nowhere finds nothing', async () => {
    const hits = await search('library budget vote', 2, 'Ana');
    expect(hits).toHaveLength(2);
    for (const hit of hits) expect(hit.text).toMatch(/library budget vote/);
    expect(await search('zeppelin', 50)).toEqual([]);
  });
});
