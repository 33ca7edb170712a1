import { sql } from 'kysely';
import type { SqlDatabase } from '../../appliance/src/adapters/db/sql-database.js';
import { SqlSearchIndex } from '../../appliance/src/adapters/db/repositories/search-index.js';
import { planQuery } from '../../appliance/src/domain/search-query.js';
import { embeddingsFor } from '../../appliance/src/pipeline/index-chunks.js';
import type { Embedder } from '../../appliance/src/ports/embedder.js';
import type { ChunkEmbedding, ChunkHit } from '../../appliance/src/ports/search-index.js';
import { ADMIN_TOKEN } from './appliance.js';
import { percentile } from './stats.js';

/** The hybrid search's candidate count (services/search.ts asks each half for this many). */
const CANDIDATES = 50;

export interface Latency {
  p50: number;
  p95: number;
}

const latency = (ms: number[]): Latency => ({ p50: percentile(ms, 50), p95: percentile(ms, 95) });

async function ms(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A query as the vector half asks it (the product's embeddingsFor); the engine must store vectors. */
async function queryEmbedding(embedder: Embedder, text: string): Promise<ChunkEmbedding> {
  const [query] = await embeddingsFor(embedder, [text]);
  if (!query) throw new Error(`${embedder.engine} stores no vectors: measure the vector half with an engine that does`);
  return query;
}

/** Per-query times (ms), in the order of the queries given, and their p50/p95. */
export interface Timings extends Latency {
  samples: number[];
}

const timings = (samples: number[]): Timings => ({ ...latency(samples), samples });

/** The repository's full-text query alone, per query (the planned query the service builds). */
export async function textLatency(db: SqlDatabase, ownerId: string, queries: string[]): Promise<Timings> {
  const planned = queries.flatMap((q) => planQuery(q) ?? []);
  for (const plan of planned.slice(0, 10)) await db.processing.textSearch(ownerId, plan, CANDIDATES);
  const samples: number[] = [];
  for (const plan of planned) samples.push(await ms(() => db.processing.textSearch(ownerId, plan, CANDIDATES)));
  return timings(samples);
}

/** The repository's vector query alone (embedding the query not counted), per query. */
export async function vectorLatency(db: SqlDatabase, ownerId: string, embedder: Embedder, queries: string[]): Promise<Timings> {
  const asked = await Promise.all(queries.filter((q) => planQuery(q)).map((q) => queryEmbedding(embedder, q)));
  for (const embedding of asked.slice(0, 10)) await db.processing.vectorSearch(ownerId, embedding, CANDIDATES);
  const samples: number[] = [];
  for (const embedding of asked) samples.push(await ms(() => db.processing.vectorSearch(ownerId, embedding, CANDIDATES)));
  return timings(samples);
}

/** Both halves one after the other, per query: the SQL a search runs for an engine with vectors. */
export const hybridLatency = (vector: Timings, text: Timings): Timings => timings(vector.samples.map((v, i) => v + (text.samples[i] ?? 0)));

/** Times the HNSW index was scanned so far (to tell whether the planner used it at all). */
async function hnswScans(db: SqlDatabase): Promise<number> {
  const result = await sql<{ n: string | number }>`SELECT idx_scan AS n FROM pg_stat_user_indexes WHERE indexrelname = 'search_chunks_embedding_idx'`.execute(db.kysely);
  return Number(result.rows[0]?.n ?? 0);
}

/** ann-benchmarks' tolerance: a result this close to the 10th exact distance counts as a neighbour. */
const DISTANCE_EPSILON = 1e-3;

/**
 * recall@10 of the product's vector query (HNSW when the planner takes it) against the same
 * repository query with index scans disabled, which makes it an exact scan. Two ways:
 * `byId`, the share of the exact top 10 the index returned; `byDistance`, as ann-benchmarks
 * counts it, the share of returned results no farther than the exact 10th (+1e-3). They differ
 * when many chunks tie at the 10th distance (sparse hashing vectors: every chunk sharing one
 * word with the query is as near as the next) and the exact scan's pick among them is arbitrary.
 */
export async function recallAt10(
  db: SqlDatabase,
  ownerId: string,
  embedder: Embedder,
  queries: string[],
  efSearchValues: number[] = [],
): Promise<{ byId: number; byDistance: number; hnswUsed: boolean; byEfSearch: { efSearch: number; byId: number; byDistance: number; p95Ms: number }[] }> {
  const counts = new Map<number | 'product', { byId: number; byDistance: number }>();
  const timings = new Map<number, number[]>();
  let total = 0;
  const scansBefore = await hnswScans(db);
  for (const q of queries) {
    const embedding = await queryEmbedding(embedder, q);
    const exact = await db.kysely.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_indexscan = off`.execute(trx);
      await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
      return new SqlSearchIndex(trx, (work) => work(trx)).vectorSearch(ownerId, embedding, 10);
    });
    total += exact.length;
    const tally = (label: number | 'product', approximate: ChunkHit[]) => {
      const found = overlap(exact, approximate);
      const sums = counts.get(label) ?? { byId: 0, byDistance: 0 };
      counts.set(label, { byId: sums.byId + found.byId, byDistance: sums.byDistance + found.byDistance });
    };
    // The product query, with the session's settings (session-settings.ts).
    tally('product', await db.processing.vectorSearch(ownerId, embedding, 10));
    for (const efSearch of efSearchValues) {
      const approximate = await db.kysely.transaction().execute(async (trx) => {
        await sql.raw(`SET LOCAL hnsw.ef_search = ${Math.trunc(efSearch)}`).execute(trx);
        const started = performance.now();
        const hits = await new SqlSearchIndex(trx, (work) => work(trx)).vectorSearch(ownerId, embedding, 10);
        timings.set(efSearch, [...(timings.get(efSearch) ?? []), performance.now() - started]);
        return hits;
      });
      tally(efSearch, approximate);
    }
  }
  // Statistics reach the view at transaction end; a stats-less engine reports 0 and "not used".
  const hnswUsed = (await hnswScans(db)) > scansBefore;
  const share = (found: number) => (total === 0 ? Number.NaN : found / total);
  const of = (label: number | 'product') => ({ byId: share(counts.get(label)?.byId ?? 0), byDistance: share(counts.get(label)?.byDistance ?? 0) });
  return { ...of('product'), hnswUsed, byEfSearch: efSearchValues.map((efSearch) => ({ efSearch, ...of(efSearch), p95Ms: percentile(timings.get(efSearch) ?? [], 95) })) };
}

/** How many of the exact top 10 `approximate` holds, by id and by distance (see recallAt10). */
function overlap(exact: ChunkHit[], approximate: ChunkHit[]): { byId: number; byDistance: number } {
  const key = (h: { mediaId: string; seq: number }) => `${h.mediaId}#${h.seq}`;
  const approximateKeys = new Set(approximate.map(key));
  const farthest = exact.at(-1)?.distance ?? Number.POSITIVE_INFINITY;
  return {
    byId: exact.filter((h) => approximateKeys.has(key(h))).length,
    byDistance: Math.min(exact.length, approximate.filter((h) => h.distance! <= farthest + DISTANCE_EPSILON).length),
  };
}

/**
 * Drops the product's HNSW index for a bulk fill and returns its definition as the migration
 * made it (pg_indexes), so it is rebuilt exactly as it was.
 */
export async function dropHnsw(db: SqlDatabase): Promise<string> {
  const result = await sql<{ def: string }>`SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'search_chunks_embedding_idx'`.execute(db.kysely);
  const definition = result.rows[0]?.def;
  if (!definition) throw new Error('the HNSW index search_chunks_embedding_idx does not exist');
  await sql`DROP INDEX search_chunks_embedding_idx`.execute(db.kysely);
  return definition;
}

/** Builds the HNSW index from its definition over the filled table; seconds. */
export async function buildHnsw(db: SqlDatabase, definition: string): Promise<number> {
  return ms(async () => {
    await sql`SET maintenance_work_mem = '1GB'`.execute(db.kysely);
    await sql.raw(definition).execute(db.kysely);
  }).then((v) => v / 1000);
}

/** GET /api/search end to end (HTTP, auth, embedding, both queries, fusion), one at a time. */
export async function httpLatency(base: string, queries: string[]): Promise<Latency> {
  const get = async (q: string) => {
    const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&limit=10`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    if (!res.ok) throw new Error(`/api/search answered ${res.status}`);
    const body = (await res.json()) as { results: unknown[] };
    return body.results.length;
  };
  for (const q of queries.slice(0, 10)) await get(q);
  const times: number[] = [];
  let empty = 0;
  for (const q of queries) times.push(await ms(async () => void ((await get(q)) === 0 && empty++)));
  if (empty > queries.length / 2) throw new Error(`${empty} of ${queries.length} searches found nothing: the index is not what the appliance sees`);
  return latency(times);
}
