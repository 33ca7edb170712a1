import { sql, type Kysely } from 'kysely';
import type { MediaFacts } from '../../../domain/media-probe.js';
import type { AssetKind, AssetRecord, ChunkHit, ChunkToIndex, ProcessingStore, StoredSegment } from '../../../ports/processing-store.js';
import type { TranscriptSegment } from '../../../ports/speech-to-text.js';
import { fullTextDocument, fullTextQueryTerms } from '../../../domain/text-tokens.js';
import type { DbSchema } from '../schema.js';

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
const vectorLiteral = (v: number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;

export class SqlProcessingStore implements ProcessingStore {
  /** `transact` runs work in one transaction on a fresh store bound to it. */
  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly transact: <T>(work: (db: Kysely<DbSchema>) => Promise<T>) => Promise<T>,
  ) {}

  async recordFacts(mediaId: string, facts: MediaFacts): Promise<void> {
    await this.db
      .updateTable('media')
      .set({ kind: facts.kind, facts: JSON.stringify(facts), duration_sec: facts.durationSec, updated_at: new Date() })
      .where('id', '=', mediaId)
      .execute();
  }

  async setAsset(mediaId: string, asset: AssetRecord): Promise<string | undefined> {
    return this.transact(async (trx) => {
      const previous = await trx
        .selectFrom('media_assets')
        .select('object_key')
        .where('media_id', '=', mediaId)
        .where('kind', '=', asset.kind)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .insertInto('media_assets')
        .values({ media_id: mediaId, kind: asset.kind, object_key: asset.objectKey, content_type: asset.contentType })
        .onConflict((oc) =>
          oc.columns(['media_id', 'kind']).doUpdateSet({ object_key: asset.objectKey, content_type: asset.contentType, created_at: new Date() }),
        )
        .execute();
      return previous && previous.object_key !== asset.objectKey ? previous.object_key : undefined;
    });
  }

  async getAsset(mediaId: string, kind: AssetKind): Promise<AssetRecord | undefined> {
    const row = await this.db
      .selectFrom('media_assets')
      .select(['kind', 'object_key', 'content_type'])
      .where('media_id', '=', mediaId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row && { kind: row.kind as AssetKind, objectKey: row.object_key, contentType: row.content_type };
  }

  async removeAsset(mediaId: string, kind: AssetKind): Promise<void> {
    await this.db.deleteFrom('media_assets').where('media_id', '=', mediaId).where('kind', '=', kind).execute();
  }

  async listAssets(mediaId: string): Promise<AssetRecord[]> {
    const rows = await this.db
      .selectFrom('media_assets')
      .select(['kind', 'object_key', 'content_type'])
      .where('media_id', '=', mediaId)
      .orderBy('kind')
      .execute();
    return rows.map((r) => ({ kind: r.kind as AssetKind, objectKey: r.object_key, contentType: r.content_type }));
  }

  async finishedWindows(mediaId: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('transcript_windows')
      .select('window_idx')
      .where('media_id', '=', mediaId)
      .orderBy('window_idx')
      .execute();
    return rows.map((r) => r.window_idx);
  }

  async saveWindow(mediaId: string, windowIdx: number, engine: string, segments: TranscriptSegment[]): Promise<void> {
    await this.transact(async (trx) => {
      await trx.deleteFrom('transcript_segments').where('media_id', '=', mediaId).where('window_idx', '=', windowIdx).execute();
      if (segments.length > 0) {
        await trx
          .insertInto('transcript_segments')
          .values(
            segments.map((s, seq) => ({
              media_id: mediaId,
              window_idx: windowIdx,
              seq,
              start_sec: s.start,
              end_sec: s.end,
              text: s.text,
              words: s.words ? JSON.stringify(s.words) : null,
            })),
          )
          .execute();
      }
      await trx
        .insertInto('transcript_windows')
        .values({ media_id: mediaId, window_idx: windowIdx, engine })
        .onConflict((oc) => oc.columns(['media_id', 'window_idx']).doUpdateSet({ engine, done_at: new Date() }))
        .execute();
    });
  }

  async transcript(mediaId: string): Promise<StoredSegment[]> {
    const rows = await this.db
      .selectFrom('transcript_segments')
      .selectAll()
      .where('media_id', '=', mediaId)
      .orderBy('start_sec')
      .orderBy('window_idx')
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      windowIdx: r.window_idx,
      start: r.start_sec,
      end: r.end_sec,
      text: r.text,
      ...(r.words ? { words: parseJson(r.words) } : {}),
    }));
  }

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

  async setting(key: string, create: () => string): Promise<string> {
    await this.db.insertInto('settings').values({ key, value: create() }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }

  async forgetDerived(mediaId: string): Promise<void> {
    await this.transact(async (trx) => {
      await trx.deleteFrom('search_chunks').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('transcript_segments').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('transcript_windows').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('media_assets').where('media_id', '=', mediaId).execute();
    });
  }

  async replaceSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
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
