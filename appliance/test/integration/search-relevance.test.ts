import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/adapters/db/sql-database.js';
import { HashingEmbedder } from '../../src/adapters/embed/hashing.js';
import type { MediaFacts } from '../../src/domain/media-probe.js';
import { indexProcessor } from '../../src/pipeline/processors/index-stage.js';
import type { PipelineDeps, StageContext } from '../../src/pipeline/stage-context.js';
import type { TranscriptSegment } from '../../src/ports/speech-to-text.js';
import { SearchService } from '../../src/services/search.js';
import { pgliteTarget, postgresMissing, postgresTarget, postgresUrl, redactUrl, type Target } from './harness/database-targets.js';

/**
 * The search relevance set (test/fixtures/search/relevance-set.json) on both engines: each
 * recording's transcript is indexed through the real index stage (chunking, hashing embedder,
 * replaceChunks with names and lexicon), then every query must put the expected recording and
 * moment first, and every "must return nothing" query must return nothing. Prints MRR and the
 * share of no-result queries answered with nothing, per engine.
 */
const FIXTURES = path.join(import.meta.dirname, '../fixtures/search');
interface Recording { key: string; fixture: string; filename: string; title: string | null }
interface Query { kind: string; q: string; expect: { media: string; second: number } | null }
const set = JSON.parse(readFileSync(path.join(FIXTURES, 'relevance-set.json'), 'utf8')) as { recordings: Recording[]; queries: Query[] };
const segmentsOf = (fixture: string) => (JSON.parse(readFileSync(path.join(FIXTURES, fixture), 'utf8')) as { segments: TranscriptSegment[] }).segments;

const embedder = new HashingEmbedder();
const facts: MediaFacts = { kind: 'audio', container: 'mp4', durationSec: 60, width: null, height: null, videoCodec: null, audioCodec: 'aac', hasAudio: true };

/** A recording as the pipeline leaves it before the index stage: facts and a saved transcript. */
async function indexRecording(db: SqlDatabase, ownerId: string, recording: Recording): Promise<string> {
  const id = randomUUID();
  await db.media.create({ id, ownerId, filename: recording.filename, filetype: 'audio/mp4', title: recording.title, language: null, size: 1, objectKey: `uploads/${ownerId}/${id}` });
  await db.processing.recordFacts(id, facts);
  await db.processing.saveWindow(id, 0, 'fixture', segmentsOf(recording.fixture));
  const media = (await db.media.findById(id))!;
  const deps = { processing: db.processing, embedder } as unknown as PipelineDeps;
  const ctx = { media, progress: () => undefined } as unknown as StageContext;
  expect(await indexProcessor(deps)(ctx)).toEqual({ status: 'done' });
  return id;
}

const engines: [string, () => Promise<Target>, string | undefined][] = [
  ['PGlite', pgliteTarget, undefined],
  [postgresUrl() ? `Postgres + pgvector (${redactUrl(postgresUrl()!)})` : `Postgres + pgvector: SKIPPED, ${postgresMissing()}`, () => postgresTarget(postgresUrl()!), postgresMissing()],
];

for (const [name, createTarget, skip] of engines) describe.skipIf(skip !== undefined)(`search relevance set on ${name}`, () => {
  let target: Target | undefined;
  let db: SqlDatabase;
  let search: SearchService;
  const alice = randomUUID();
  const bob = randomUUID();
  const ids = new Map<string, string>();
  const ranks: number[] = [];
  let emptyAsked = 0;
  let emptyAnswered = 0;

  beforeAll(async () => {
    target = await createTarget();
    db = await target.open();
    for (const [id, user] of [[alice, 'alice'], [bob, 'bob']] as const) await db.users.create({ id, name: user, isAdmin: false });
    search = new SearchService(db.processing, embedder);
    for (const recording of set.recordings) ids.set(recording.key, await indexRecording(db, alice, recording));
    // Another owner's words never reach alice: not as hits, not through her lexicon.
    await indexRecording(db, bob, { key: 'bob', fixture: 'evolution-lecture.en.json', filename: 'zeppelin history.mp4', title: 'Zeppelin history' });
  });

  afterAll(async () => {
    const mrr = ranks.length === 0 ? 0 : ranks.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0) / ranks.length;
    console.log(`[search relevance, ${name}] MRR ${mrr.toFixed(3)} over ${ranks.length} queries; no-result queries answered with nothing: ${emptyAnswered}/${emptyAsked}`);
    await db?.close();
    await target?.dispose();
  });

  for (const query of set.queries) {
    it(`${query.kind}: "${query.q}" -> ${query.expect ? `${query.expect.media} @ ${query.expect.second}s` : 'nothing'}`, async () => {
      const answer = await search.answer(alice, query.q, 10);
      if (!query.expect) {
        emptyAsked++;
        if (answer.results.length === 0) emptyAnswered++;
        expect(answer.results).toEqual([]);
        return;
      }
      const mediaId = ids.get(query.expect.media)!;
      const segment = query.expect.second === 0 ? { start: 0, end: 0 } : segmentsOf(set.recordings.find((r) => r.key === query.expect!.media)!.fixture).find((s) => Math.abs(s.start - query.expect!.second) < 0.05)!;
      const isExpected = (r: { mediaId: string; start: number }) => r.mediaId === mediaId && (query.expect!.second === 0 ? r.start < 5.5 : r.start >= segment.start && r.start <= segment.end);
      const rank = answer.results.findIndex(isExpected) + 1;
      ranks.push(rank);
      expect(answer.results[0], JSON.stringify(answer.results.slice(0, 3), null, 1)).toBeDefined();
      expect(isExpected(answer.results[0]!), JSON.stringify(answer.results.slice(0, 3).map(({ mediaId: m, start, text, match, field }) => ({ m: m === mediaId, start, text, match, field })))).toBe(true);
      expect(answer.groups![0]!.mediaId).toBe(mediaId);
    });
  }

  it('highlights the matched words and groups moments by recording', async () => {
    const answer = await search.answer(alice, '강의', 10);
    // The title "데이터베이스 강의 3주차" may rank first; the particle form is in the transcript.
    const first = answer.results.find((r) => r.field === 'transcript')!;
    expect(first.highlights!.map((h) => first.text.slice(h.start, h.end))).toContain('강의를');
    const group = answer.groups!.find((g) => g.mediaId === ids.get('db-lecture'))!;
    expect(group.moments.length).toBeGreaterThan(1);
    expect(new Set(answer.groups!.map((g) => g.mediaId)).size).toBe(answer.groups!.length);
  });

  it('suggests completions from titles and words, owner-scoped, and suggestions for an empty answer', async () => {
    const texts = (await search.suggest(alice, '데이터')).map((s) => s.text);
    expect(texts).toContain('데이터베이스 강의 3주차');
    expect((await search.suggest(alice, 'ㅂㅇ')).map((s) => s.text)).toContain('반응성');
    expect((await search.suggest(alice, 'advert')).map((s) => s.text)).toContain('advertising');
    expect(await search.suggest(alice, 'zepp')).toEqual([]);
    expect((await search.answer(alice, 'selfsih genz', 10)).results.length).toBeGreaterThan(0);
    // One word of four found (through a typo) is below the half a partial match needs.
    const empty = await search.answer(alice, 'advertsing campaign budgeting forecast', 10);
    expect(empty.results).toEqual([]);
    expect(empty.suggestions).toContain('advertising');
  });

  it('deleting a recording takes its words out of the lexicon', async () => {
    await db.processing.forgetDerived(ids.get('interview')!);
    expect(await search.suggest(alice, '쿠버')).toEqual([]);
    expect((await search.answer(alice, 'ㅋㅂㄴㅌㅅ', 10)).results).toEqual([]);
  });
});
