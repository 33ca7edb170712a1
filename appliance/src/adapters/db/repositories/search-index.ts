import { sql, type Kysely } from 'kysely';
import { fullTextDocument, fullTextQueryTerms } from '../../../domain/text-tokens.js';
import type { ChunkHit, ChunkToIndex, SearchIndex } from '../../../ports/search-index.js';
import type { TranscriptSegment } from '../../../ports/speech-to-text.js';
import type { DbSchema } from '../schema.js';
import { parseJson, type Transact } from './transact.js';

const vectorLiteral = (v: number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;

/** search_chunks: embeddings (pgvector) and full text (tsvector) of transcript chunks. */
export class SqlSearchIndex implements SearchIndex {
  /** `transact` runs work in one transaction (Kysely bound to it). */
  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly transact: Transact,
  ) {}

  async replaceChunks(mediaId: string, ownerId: string, chunks: ChunkToIndex[]): Promise<void> {
    await this.transact(async (trx) => {
      await trx.deleteFrom('search_chunks').where('media_id', '=', mediaId).execute();
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
              embedding: vectorLiteral(c.embedding),
            })),
          )
          .execute();
      }
    });
  }

  async vectorSearch(ownerId: string, embedding: number[], limit: number): Promise<ChunkHit[]> {
    const rows = await this.db
      .selectFrom('search_chunks')
      .innerJoin('media', 'media.id', 'search_chunks.media_id')
      .select(['search_chunks.media_id', 'media.filename', 'seq', 'start_sec', 'end_sec', 'text', 'segments'])
      .select(sql<number>`embedding <=> ${vectorLiteral(embedding)}::vector`.as('distance'))
      .where('search_chunks.owner_id', '=', ownerId)
      .where('media.status', '!=', 'DELETED')
      .orderBy('distance')
      .limit(limit)
      .execute();
    return rows.map(toHit);
  }

  async textSearch(ownerId: string, query: string, limit: number): Promise<ChunkHit[]> {
    const tsquery = orQuery(query);
    if (tsquery === undefined) return [];
    // OR of the query's terms: partial matches still rank (fusion sorts them out).
    const rows = await this.db
      .selectFrom('search_chunks')
      .innerJoin('media', 'media.id', 'search_chunks.media_id')
      .select(['search_chunks.media_id', 'media.filename', 'seq', 'start_sec', 'end_sec', 'text', 'segments'])
      .where('search_chunks.owner_id', '=', ownerId)
      .where('media.status', '!=', 'DELETED')
      .where(sql<boolean>`tsv @@ to_tsquery('simple', ${tsquery})`)
      .orderBy(sql`ts_rank_cd(tsv, to_tsquery('simple', ${tsquery}))`, 'desc')
      .limit(limit)
      .execute();
    return rows.map(toHit);
  }
}

/**
 * The query's terms (the same tokenisation as search_text) as a tsquery OR-expression. Terms
 * are letters, digits and marks only, so quoting them is enough.
 */
export function orQuery(query: string): string | undefined {
  const terms = fullTextQueryTerms(query);
  return terms.length === 0 ? undefined : terms.map((t) => `'${t}'`).join(' | ');
}

function toHit(row: {
  media_id: string;
  filename: string;
  seq: number;
  start_sec: number;
  end_sec: number;
  text: string;
  segments: unknown;
  distance?: number;
}): ChunkHit {
  return {
    mediaId: row.media_id,
    filename: row.filename,
    ...(row.distance !== undefined ? { distance: Number(row.distance) } : {}),
    seq: row.seq,
    start: row.start_sec,
    end: row.end_sec,
    text: row.text,
    segments: parseJson<TranscriptSegment[]>(row.segments),
  };
}
