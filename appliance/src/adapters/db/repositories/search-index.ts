import { sql, type Kysely } from 'kysely';
import { lexiconContribution } from '../../../domain/search-lexicon.js';
import type { TextQuery } from '../../../domain/search-query.js';
import { fullTextDocument } from '../../../domain/text-tokens.js';
import type { ChunkEmbedding, ChunkFilter, ChunkKey, ChunkHit, ChunkToIndex, LexiconEntry, LexiconLookup, NameHit, SearchIndex, StaleChunk } from '../../../ports/search-index.js';
import type { TranscriptSegment } from '../../../ports/speech-to-text.js';
import type { PlannerStatistics } from '../planner-statistics.js';
import type { DbSchema } from '../schema.js';
import { applyLexiconDelta, lookupLexicon } from './search-lexicon.js';
import { textCandidates } from './text-search.js';
import { parseJson, type Transact } from './transact.js';
import { tsQueries } from './tsquery.js';

const vectorLiteral = (v: number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;

/** What search_names.search_text holds for a title and filename: the same terms as chunks. */
export const namesDocument = (title: string | null, filename: string) => fullTextDocument(`${title ?? ''} ${filename}`);



/**
 * search_chunks (embeddings + full text of transcript chunks), search_names (titles and
 * filenames of indexed media) and the per-owner lexicon derived from both.
 */
export class SqlSearchIndex implements SearchIndex {
  /** `transact` runs work in one transaction (Kysely bound to it). */
  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly transact: Transact,
    private readonly statistics?: PlannerStatistics,
  ) {}

  async replaceChunks(mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<void> {
    const removed = await this.transact((trx) => replaceChunksIn(trx, mediaId, ownerId, chunks));
    await this.statistics?.noteChanged(removed + chunks.length);
  }

  async refreshNames(mediaId: string): Promise<void> {
    await this.transact(async (trx) => {
      const indexed = await trx.selectFrom('search_names').select('owner_id').where('media_id', '=', mediaId).executeTakeFirst();
      if (!indexed) return;
      const before = await lexiconSourcesOf(trx, mediaId);
      await writeNames(trx, mediaId, indexed.owner_id);
      await applyLexiconDelta(trx, indexed.owner_id, lexiconContribution(before), lexiconContribution(await lexiconSourcesOf(trx, mediaId)));
    });
  }

  /** Part of forgetDerived's transaction: the media leaves the chunks, the names and the lexicon. */
  async forget(trx: Kysely<DbSchema>, mediaId: string): Promise<void> {
    const owner = await trx.selectFrom('media').select('owner_id').where('id', '=', mediaId).executeTakeFirst();
    if (owner) await applyLexiconDelta(trx, owner.owner_id, lexiconContribution(await lexiconSourcesOf(trx, mediaId)), lexiconContribution([]));
    await trx.deleteFrom('search_chunks').where('media_id', '=', mediaId).execute();
    await trx.deleteFrom('search_names').where('media_id', '=', mediaId).execute();
  }

  async vectorSearch(ownerId: string, embedding: ChunkEmbedding, limit: number, filter: ChunkFilter = {}): Promise<ChunkHit[]> {
    const rows = await this.chunkRows(ownerId, filter)
      .where('embedding_engine', '=', embedding.engine)
      .select(sql<number>`embedding <=> ${vectorLiteral(embedding.vector)}::vector`.as('distance'))
      .orderBy('distance')
      .limit(limit)
      .execute();
    // An iterative HNSW scan (session-settings) may return neighbours slightly out of order.
    return rows.map(toHit).sort((a, b) => a.distance! - b.distance!);
  }

  async staleEmbeddings(engine: string | null, limit: number, after?: ChunkKey): Promise<StaleChunk[]> {
    const stale =
      engine === null
        ? sql<boolean>`embedding IS NOT NULL OR embedding_engine IS NOT NULL`
        : sql<boolean>`embedding IS NULL OR embedding_engine IS DISTINCT FROM ${engine}`;
    // Walks the primary key from the cursor: every round starts where the last one ended
    // instead of rescanning the rows already rewritten (and their dead versions).
    const rows = await this.db
      .selectFrom('search_chunks')
      .select(['media_id', 'seq', 'text'])
      .where(stale)
      .where(after ? sql<boolean>`(media_id, seq) > (${after.mediaId}::uuid, ${after.seq})` : sql<boolean>`true`)
      .orderBy('media_id')
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ mediaId: r.media_id, seq: r.seq, text: r.text }));
  }

  async storeEmbeddings(chunks: readonly (StaleChunk & { embedding: ChunkEmbedding | null })[]): Promise<number> {
    if (chunks.length === 0) return 0;
    // Matched on the text too: a chunk re-indexed since it was read keeps what the index wrote.
    const result = await sql`
      UPDATE search_chunks c
         SET embedding = v.embedding::vector, embedding_engine = v.engine
        FROM unnest(${sql.val(chunks.map((c) => c.mediaId))}::uuid[], ${sql.val(chunks.map((c) => c.seq))}::int[], ${sql.val(chunks.map((c) => c.text))}::text[],
                    ${sql.val(chunks.map((c) => (c.embedding ? vectorLiteral(c.embedding.vector) : null)))}::text[], ${sql.val(chunks.map((c) => c.embedding?.engine ?? null))}::text[])
             AS v(media_id, seq, text, embedding, engine)
       WHERE c.media_id = v.media_id AND c.seq = v.seq AND c.text = v.text`.execute(this.db);
    const written = Number(result.numAffectedRows ?? 0);
    await this.statistics?.noteChanged(written);
    return written;
  }

  /**
   * Full-text hits, best tier first (exact phrase, every word, any word; see textCandidates),
   * then by ts_rank_cd. Only the candidates are joined for their columns.
   */
  async textSearch(ownerId: string, query: TextQuery, limit: number, filter: ChunkFilter = {}): Promise<ChunkHit[]> {
    const q = tsQueries(query);
    if (!q) return [];
    return this.transact(async (trx) => {
      const candidates = await textCandidates(trx, ownerId, query, limit, spokenBy(filter));
      if (!candidates || candidates.length === 0) return [];
      const rows = await sql<ChunkRow>`
        WITH best AS (SELECT * FROM unnest(${sql.val(candidates.map((c) => c.media_id))}::uuid[], ${sql.val(candidates.map((c) => c.seq))}::int[], ${sql.val(candidates.map((c) => c.tier))}::int[]) AS b(media_id, seq, tier))
        SELECT c.media_id, m.filename, m.title, c.seq, c.start_sec, c.end_sec, c.text, c.segments
          FROM best
          JOIN search_chunks c ON c.media_id = best.media_id AND c.seq = best.seq
          JOIN media m ON m.id = c.media_id
         WHERE m.status != 'DELETED'
         ORDER BY best.tier DESC, ts_rank_cd(c.tsv, to_tsquery('simple', ${q.any})) DESC, c.media_id, c.seq
         LIMIT ${limit}`.execute(trx);
      return rows.rows.map(toHit);
    });
  }

  async nameSearch(ownerId: string, query: TextQuery, limit: number): Promise<NameHit[]> {
    const q = tsQueries(query);
    if (!q) return [];
    // Better tiers first: the phrase, then every word (absent for a 초성 query).
    const tierOrder = [q.phrase, q.every].flatMap((t) => (t === undefined ? [] : [sql`tsv @@ to_tsquery('simple', ${t})`]));
    return tierOrder
      .reduce(
        (query, matches) => query.orderBy(matches, 'desc'),
        this.db
          .selectFrom('search_names')
          .innerJoin('media', 'media.id', 'search_names.media_id')
          .select(['search_names.media_id as mediaId', 'media.filename', 'media.title'])
          .where('search_names.owner_id', '=', ownerId)
          .where('media.status', '!=', 'DELETED')
          .where(sql<boolean>`tsv @@ to_tsquery('simple', ${q.any})`),
      )
      .orderBy(sql`ts_rank_cd(tsv, to_tsquery('simple', ${q.any}))`, 'desc')
      .orderBy('search_names.media_id')
      .limit(limit)
      .execute();
  }

  lexicon(ownerId: string, lookup: LexiconLookup, limit: number): Promise<LexiconEntry[]> {
    return lookupLexicon(this.db, ownerId, lookup, limit);
  }

  private chunkRows(ownerId: string, filter: ChunkFilter) {
    return this.db
      .selectFrom('search_chunks')
      .innerJoin('media', 'media.id', 'search_chunks.media_id')
      .select(['search_chunks.media_id', 'media.filename', 'media.title', 'seq', 'start_sec', 'end_sec', 'text', 'segments'])
      .where('search_chunks.owner_id', '=', ownerId)
      .where('media.status', '!=', 'DELETED')
      .where(spokenBy(filter));
  }
}

/**
 * The speaker filter as a condition on search_chunks (true without one). Chunk segments carry
 * their speaker's name as indexed (a rename re-indexes the media).
 */
function spokenBy(filter: ChunkFilter) {
  if (filter.speaker === undefined) return sql<boolean>`true`;
  return sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(search_chunks.segments) AS s WHERE lower(s->>'speakerName') = lower(${filter.speaker}))`;
}

/**
 * The body of replaceChunks, for callers that already hold a transaction (a transcript change
 * writes its text and its index together).
 */
export async function replaceChunksIn(trx: Kysely<DbSchema>, mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<number> {
  const before = await lexiconSourcesOf(trx, mediaId);
  const deleted = await trx.deleteFrom('search_chunks').where('media_id', '=', mediaId).executeTakeFirst();
  for (let i = 0; i < chunks.length; i += 100) {
    await trx
      .insertInto('search_chunks')
      .values(
        chunks.slice(i, i + 100).map((c) => ({
          media_id: mediaId,
          owner_id: ownerId,
          seq: c.seq,
          start_sec: c.start,
          end_sec: c.end,
          text: c.text,
          search_text: fullTextDocument(c.text),
          segments: JSON.stringify(c.segments),
          embedding: c.embedding ? vectorLiteral(c.embedding.vector) : null,
          embedding_engine: c.embedding?.engine ?? null,
        })),
      )
      .execute();
  }
  await writeNames(trx, mediaId, ownerId);
  await applyLexiconDelta(trx, ownerId, lexiconContribution(before), lexiconContribution(await lexiconSourcesOf(trx, mediaId)));
  /** Rows removed, for the planner upkeep (PlannerStatistics). */
  return Number(deleted.numDeletedRows);
}

/** The texts a media contributes to the lexicon as indexed now: chunks, title, filename. */
async function lexiconSourcesOf(db: Kysely<DbSchema>, mediaId: string): Promise<string[]> {
  const chunks = await db.selectFrom('search_chunks').select('text').where('media_id', '=', mediaId).execute();
  const names = await db.selectFrom('search_names').select(['title', 'filename']).where('media_id', '=', mediaId).executeTakeFirst();
  return [...chunks.map((c) => c.text), ...(names ? [names.title ?? '', names.filename] : [])];
}

async function writeNames(db: Kysely<DbSchema>, mediaId: string, ownerId: string): Promise<void> {
  const media = await db.selectFrom('media').select(['title', 'filename']).where('id', '=', mediaId).executeTakeFirst();
  if (!media) return;
  const row = { title: media.title, filename: media.filename, search_text: namesDocument(media.title, media.filename) };
  await db
    .insertInto('search_names')
    .values({ media_id: mediaId, owner_id: ownerId, ...row })
    .onConflict((oc) => oc.column('media_id').doUpdateSet(row))
    .execute();
}

interface ChunkRow {
  media_id: string;
  filename: string;
  title: string | null;
  seq: number;
  start_sec: number;
  end_sec: number;
  text: string;
  segments: unknown;
  distance?: number;
}

function toHit(row: ChunkRow): ChunkHit {
  return {
    mediaId: row.media_id,
    filename: row.filename,
    title: row.title,
    ...(row.distance !== undefined ? { distance: Number(row.distance) } : {}),
    seq: row.seq,
    start: row.start_sec,
    end: row.end_sec,
    text: row.text,
    segments: parseJson<TranscriptSegment[]>(row.segments),
  };
}
