import type { TranscriptSource, TranscriptVersionSource } from '@biblio/shared';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Speaker, TranscriptSegment } from '../../../domain/transcript-types.js';
import type {
  CommitResult,
  CurrentTranscript,
  TranscriptCommit,
  TranscriptDraft,
  TranscriptHistory,
  TranscriptVersion,
  TranscriptVersionSummary,
} from '../../../ports/transcript-history.js';
import type { DbSchema, TranscriptVersionsTable } from '../schema.js';
import { replaceChunksIn } from './search-index.js';
import { parseJson, type Transact } from './transact.js';
import { storedSegments } from './transcripts.js';

/** transcript_versions, transcript_speakers and media.transcript_source, with the text in transcript_segments. */
export class SqlTranscriptHistory implements TranscriptHistory {
  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly transact: Transact,
  ) {}

  current(mediaId: string): Promise<CurrentTranscript> {
    return currentIn(this.db, mediaId);
  }

  async commit(change: TranscriptCommit): Promise<CommitResult> {
    return this.transact(async (trx) => {
      // Serialises changes of one media: the version check and the write are one step.
      await sql`SELECT id FROM media WHERE id = ${change.mediaId} FOR UPDATE`.execute(trx);
      const now = await currentIn(trx, change.mediaId);
      if (change.baseVersion !== undefined && change.baseVersion !== now.version) return { committed: false, current: now.version };
      let latest = now.version;
      if (latest === 0 && now.segments.length > 0) {
        latest = 1;
        await insertVersion(trx, change.mediaId, latest, { source: now.source ?? 'stt', textSource: now.source ?? 'stt', authorId: null, note: 'the transcript before the first change' }, now);
      }
      const version = latest + 1;
      await insertVersion(trx, change.mediaId, version, change, change.draft);
      await writeText(trx, change.mediaId, change.draft);
      await trx.updateTable('media').set({ transcript_source: change.textSource, updated_at: new Date() }).where('id', '=', change.mediaId).execute();
      await replaceChunksIn(trx, change.mediaId, change.ownerId, change.chunks);
      return { committed: true, version };
    });
  }

  async versions(mediaId: string): Promise<TranscriptVersionSummary[]> {
    const rows = await this.versionRows(mediaId)
      .select(sql<number>`jsonb_array_length(transcript_versions.segments)`.as('segment_count'))
      .orderBy('transcript_versions.version')
      .execute();
    return rows.map((row) => summaryOf(row, Number(row.segment_count)));
  }

  async version(mediaId: string, version: number): Promise<TranscriptVersion | undefined> {
    const row = await this.versionRows(mediaId)
      .select(['transcript_versions.segments', 'transcript_versions.speakers'])
      .where('transcript_versions.version', '=', version)
      .executeTakeFirst();
    if (!row) return undefined;
    const segments = parseJson<TranscriptSegment[]>(row.segments);
    return { ...summaryOf(row, segments.length), segments, speakers: parseJson<Speaker[]>(row.speakers) };
  }

  async recordEngineTranscript(mediaId: string, engine: string): Promise<void> {
    await this.transact(async (trx) => {
      await sql`SELECT id FROM media WHERE id = ${mediaId} FOR UPDATE`.execute(trx);
      const now = await currentIn(trx, mediaId);
      const last = await trx.selectFrom('transcript_versions').select(['segments', 'speakers']).where('media_id', '=', mediaId).orderBy('version', 'desc').limit(1).executeTakeFirst();
      const same = last && canonical(parseJson(last.segments)) === canonical(now.segments) && canonical(parseJson(last.speakers)) === canonical(now.speakers);
      if (!same) await insertVersion(trx, mediaId, now.version + 1, { source: 'stt', textSource: 'stt', authorId: null, note: `speech-to-text (${engine})` }, now);
      await trx.updateTable('media').set({ transcript_source: 'stt', updated_at: new Date() }).where('id', '=', mediaId).execute();
    });
  }

  async clearForTranscription(mediaId: string): Promise<void> {
    await this.transact(async (trx) => {
      await trx.deleteFrom('transcript_segments').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('transcript_windows').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('transcript_speakers').where('media_id', '=', mediaId).execute();
      await trx.updateTable('media').set({ transcript_source: null, updated_at: new Date() }).where('id', '=', mediaId).execute();
    });
  }

  private versionRows(mediaId: string) {
    return this.db
      .selectFrom('transcript_versions')
      .leftJoin('users', 'users.id', 'transcript_versions.author_id')
      .select([
        'transcript_versions.version',
        'transcript_versions.source',
        'transcript_versions.text_source',
        'transcript_versions.author_id',
        'transcript_versions.note',
        'transcript_versions.created_at',
        'users.name as author_name',
      ])
      .where('transcript_versions.media_id', '=', mediaId);
  }
}

/** JSON with object keys sorted: jsonb hands objects back in its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

type SummaryRow = Pick<Selectable<TranscriptVersionsTable>, 'version' | 'source' | 'text_source' | 'author_id' | 'note' | 'created_at'> & { author_name: string | null };

function summaryOf(row: SummaryRow, segmentCount: number): TranscriptVersionSummary {
  return {
    version: row.version,
    source: row.source as TranscriptVersionSource,
    textSource: row.text_source as TranscriptSource,
    authorId: row.author_id,
    authorName: row.author_name,
    note: row.note,
    createdAt: row.created_at,
    segmentCount,
  };
}

async function currentIn(db: Kysely<DbSchema>, mediaId: string): Promise<CurrentTranscript> {
  const segments = await storedSegments(db, mediaId);
  const speakers = await db.selectFrom('transcript_speakers').select(['speaker_id', 'name']).where('media_id', '=', mediaId).orderBy('speaker_id').execute();
  const latest = await db.selectFrom('transcript_versions').select(sql<number | null>`max(version)`.as('version')).where('media_id', '=', mediaId).executeTakeFirst();
  const media = await db.selectFrom('media').select('transcript_source').where('id', '=', mediaId).executeTakeFirst();
  return {
    version: Number(latest?.version ?? 0),
    source: (media?.transcript_source ?? null) as TranscriptSource | null,
    speakers: speakers.map((s) => ({ id: s.speaker_id, name: s.name })),
    segments: segments.map(({ windowIdx: _window, ...segment }) => segment),
  };
}

interface VersionMeta {
  source: TranscriptVersionSource;
  textSource: TranscriptSource;
  authorId: string | null;
  note?: string | null;
}

async function insertVersion(trx: Kysely<DbSchema>, mediaId: string, version: number, meta: VersionMeta, draft: TranscriptDraft): Promise<void> {
  await trx
    .insertInto('transcript_versions')
    .values({
      media_id: mediaId,
      version,
      source: meta.source,
      text_source: meta.textSource,
      author_id: meta.authorId,
      note: meta.note ?? null,
      segments: JSON.stringify(draft.segments.map(({ speakerName: _name, ...segment }) => segment)),
      speakers: JSON.stringify(draft.speakers),
    })
    .execute();
}

/** The current text becomes the draft: one block of segments (window 0), in order, and its speakers. */
async function writeText(trx: Kysely<DbSchema>, mediaId: string, draft: TranscriptDraft): Promise<void> {
  await trx.deleteFrom('transcript_segments').where('media_id', '=', mediaId).execute();
  for (let i = 0; i < draft.segments.length; i += 500) {
    await trx
      .insertInto('transcript_segments')
      .values(
        draft.segments.slice(i, i + 500).map((s, k) => ({
          media_id: mediaId,
          window_idx: 0,
          seq: i + k,
          start_sec: s.start,
          end_sec: s.end,
          text: s.text,
          words: s.words ? JSON.stringify(s.words) : null,
          speaker: s.speaker ?? null,
        })),
      )
      .execute();
  }
  await trx.deleteFrom('transcript_speakers').where('media_id', '=', mediaId).execute();
  if (draft.speakers.length > 0) {
    await trx
      .insertInto('transcript_speakers')
      .values(draft.speakers.map((s) => ({ media_id: mediaId, speaker_id: s.id, name: s.name })))
      .execute();
  }
}
