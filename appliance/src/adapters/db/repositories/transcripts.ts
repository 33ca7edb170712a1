import type { Kysely } from 'kysely';
import type { TranscriptSegment } from '../../../ports/speech-to-text.js';
import type { StoredSegment, TranscriptStore } from '../../../ports/transcript-store.js';
import type { DbSchema } from '../schema.js';
import { parseJson, type Transact } from './transact.js';

/** transcript_windows and transcript_segments: the transcript, one STT window at a time. */
export class SqlTranscriptStore implements TranscriptStore {
  /** `transact` runs work in one transaction (Kysely bound to it). */
  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly transact: Transact,
  ) {}

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

  transcript(mediaId: string): Promise<StoredSegment[]> {
    return storedSegments(this.db, mediaId);
  }
}

/**
 * A media's transcript segments in reading order (time, then window, then position), as
 * stored: the transcribe stage's windows and the edited or imported text alike.
 */
export async function storedSegments(db: Kysely<DbSchema>, mediaId: string): Promise<StoredSegment[]> {
  const rows = await db
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
    ...(r.speaker !== null ? { speaker: r.speaker } : {}),
  }));
}
