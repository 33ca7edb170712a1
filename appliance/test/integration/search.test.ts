import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/db/sql-database.js';
import { HashingEmbedder } from '../../src/adapters/embed/hashing.js';
import { chunkSegments } from '../../src/domain/chunking.js';
import type { TranscriptSegment } from '../../src/ports/speech-to-text.js';
import { SearchService } from '../../src/services/search.js';
import { pgliteTarget, postgresMissing, postgresTarget, postgresUrl, redactUrl, type Target } from './harness/database-targets.js';

/**
 * Hybrid search on the real stores (PGlite, and Postgres 17 from pg-test-server; each with pgvector
 * HNSW + full text) with the default hashing embedder: owner scoping, the spoken moment, non-English text, hostile queries.
 */
const embedder = new HashingEmbedder();
/**
 * The product stores no vectors for the lexical-only hashing engine; the vector half is tested
 * with its vectors stored under this name, as a model engine's would be.
 */
const VECTOR_ENGINE = 'hashing vectors (test stand-in for a model)';
const vectorsOf = async (text: string) => ({ engine: VECTOR_ENGINE, vector: (await embedder.embed([text]))[0]! });

async function indexMedia(db: SqlDatabase, ownerId: string, filename: string, segments: TranscriptSegment[]): Promise<string> {
  const id = randomUUID();
  await db.media.create({ id, ownerId, filename, filetype: 'video/mp4', title: null, language: null, size: 1, objectKey: `uploads/${ownerId}/${id}` });
  const chunks = chunkSegments(segments);
  const vectors = await embedder.embed(chunks.map((c) => c.text));
  await db.processing.replaceChunks(
    id,
    ownerId,
    chunks.map((c, i) => ({ seq: c.index, start: c.start, end: c.end, text: c.text, segments: c.segments, embedding: { engine: VECTOR_ENGINE, vector: vectors[i]! } })),
  );
  return id;
}

const lines = (texts: string[], every = 6): TranscriptSegment[] =>
  texts.map((text, i) => ({ start: i * every, end: i * every + every - 1, text }));

/** The same suite on every engine: embedded PGlite and the real Postgres + pgvector. */
const engines: [string, () => Promise<Target>, string | undefined][] = [
  ['PGlite (pgvector HNSW + full text)', pgliteTarget, undefined],
  [
    postgresUrl() ? `Postgres + pgvector (${redactUrl(postgresUrl()!)})` : `Postgres + pgvector: SKIPPED, ${postgresMissing()}`,
    () => postgresTarget(postgresUrl()!),
    postgresMissing(),
  ],
];

for (const [name, createTarget, skip] of engines) describe.skipIf(skip !== undefined)(`hybrid search on ${name}`, () => {
  let target: Target | undefined;
  let db: SqlDatabase;
  let search: SearchService;
  const alice = randomUUID();
  const bob = randomUUID();
  let english: string;
  let korean: string;
  beforeAll(async () => {
    target = await createTarget();
    db = await target.open();
    for (const [id, name] of [[alice, 'alice'], [bob, 'bob']] as const) await db.users.create({ id, name, isAdmin: false });
    search = new SearchService(db.processing, embedder);
    english = await indexMedia(db, alice, 'lecture.mp4', lines([
      'welcome to the course on european history',
      'today we look at trade routes across the mediterranean',
      'the venetian merchants dominated the spice trade',
      'later the portuguese found a sea route to india',
      'this changed the balance of power in europe',
      'next week we discuss the printing press',
    ]));
    korean = await indexMedia(db, alice, '회의.mp4', lines([
      '안녕하세요 오늘 회의를 시작하겠습니다',
      '오늘 회의에서 예산을 논의했습니다',
      '다음 분기 마케팅 계획도 검토했습니다',
    ]));
    await indexMedia(db, bob, 'secret.mp4', lines(['the venetian merchants kept secret ledgers of the spice trade']));
  });

  afterAll(async () => {
    await db?.close();
    await target?.dispose();
  });

  it('finds the phrase and points at the segment where it is spoken', async () => {
    const results = await search.search(alice, 'venetian merchants spice trade', 5);
    expect(results[0]).toMatchObject({ mediaId: english, filename: 'lecture.mp4', start: 12, end: 17 });
    expect(results[0]!.text).toBe('the venetian merchants dominated the spice trade');
  });

  it("never returns another owner's media", async () => {
    const results = await search.search(alice, 'secret ledgers', 10);
    expect(results.every((r) => r.mediaId !== undefined && r.filename !== 'secret.mp4')).toBe(true);
    const bobs = await search.search(bob, 'venetian merchants', 10);
    expect(bobs.map((r) => r.filename)).toEqual(['secret.mp4']);
  });

  it('finds Korean inside inflected words ("예산" in "예산을")', async () => {
    const results = await search.search(alice, '예산', 5);
    expect(results[0]).toMatchObject({ mediaId: korean, start: 6 });
    expect(results[0]!.text).toContain('예산을');
  });

  it('the vector half answers nearest first and only from the owner (engines that are not lexical-only ask it)', async () => {
    const query = await vectorsOf('venetian merchants spice trade');
    const nearest = await db.processing.vectorSearch(alice, query, 50);
    expect(nearest.length).toBeGreaterThan(0);
    expect(nearest.every((h) => h.mediaId === english || h.mediaId === korean)).toBe(true);
    const distances = nearest.map((h) => h.distance!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(nearest[0]!.text).toContain('venetian merchants dominated the spice trade');
    expect((await db.processing.vectorSearch(bob, query, 50)).map((h) => h.filename)).toEqual(['secret.mp4']);
  });

  it("never compares a query with another engine's vectors", async () => {
    const query = await vectorsOf('venetian merchants spice trade');
    expect(await db.processing.vectorSearch(alice, { ...query, engine: 'another model' }, 50)).toEqual([]);
  });

  it('finds an exact phrase of common words through its term pairs, and only the phrase ranks as one', async () => {
    const results = await search.answer(alice, 'the spice trade', 5);
    expect(results.results[0]).toMatchObject({ mediaId: english, start: 12, match: 'phrase' });
    // "the ... trade" words without the run: not a phrase hit.
    expect((await search.answer(alice, 'trade the spice', 5)).results.every((r) => r.match !== 'phrase')).toBe(true);
  });

  it('returns nothing, without errors, for unrelated or hostile queries', async () => {
    expect(await search.search(alice, 'quantum chromodynamics', 5)).toEqual([]);
    for (const hostile of ["'); DROP TABLE media; --", '&|!():* <->', '"unterminated', '😀', '   ']) {
      await expect(search.search(alice, hostile, 5)).resolves.toBeInstanceOf(Array);
    }
  });
});
