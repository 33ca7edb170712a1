import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { SqlDatabase } from '../../appliance/src/adapters/db/sql-database.js';
import type { MediaFacts } from '../../appliance/src/domain/media-probe.js';
import type { Embedder } from '../../appliance/src/ports/embedder.js';
import type { TranscriptSegment } from '../../appliance/src/ports/speech-to-text.js';
import { indexProcessor } from '../../appliance/src/pipeline/processors/index-stage.js';
import type { PipelineDeps, StageContext } from '../../appliance/src/pipeline/stage-context.js';
import type { Corpus } from './corpus.js';

const HOUR = 3600;

const AUDIO_FACTS: MediaFacts = { kind: 'audio', container: 'mp4', durationSec: HOUR, width: null, height: null, videoCodec: null, audioCodec: 'aac', hasAudio: true };

export interface Filled {
  chunks: number;
  media: number;
  seconds: number;
  /** Transcripts kept for drawing queries that have answers. */
  transcripts: TranscriptSegment[][];
  /** The media made, in order. */
  mediaIds: string[];
}

/**
 * Fills the search index through the product's own path: each media gets a stored transcript
 * (the transcribe stage's saveWindow) and then the real index stage runs on it (chunking, the
 * embedder, replaceChunks in one transaction). Hour-long media until `targetChunks` is reached.
 */
export async function fillSearchIndex(
  db: SqlDatabase,
  ownerId: string,
  embedder: Embedder,
  corpus: Pick<Corpus, 'transcript'>,
  targetChunks: number,
  log: (m: string) => void,
  language = 'en',
): Promise<Filled> {
  if (!(targetChunks > 0)) return { chunks: 0, media: 0, seconds: 0, transcripts: [], mediaIds: [] };
  const index = indexStage(db, embedder);
  const start = process.hrtime.bigint();
  let chunks = 0;
  const transcripts: TranscriptSegment[][] = [];
  const mediaIds: string[] = [];
  while (chunks < targetChunks) {
    const id = randomUUID();
    await db.media.create({ id, ownerId, filename: `lecture-${language}-${transcripts.length}.m4a`, filetype: 'audio/mp4', title: null, language, size: 1, objectKey: `uploads/${ownerId}/${id}` });
    await db.processing.recordFacts(id, AUDIO_FACTS);
    for (const status of ['UPLOADED', 'PROCESSING'] as const) await db.media.transition(id, status);
    const segments = corpus.transcript(HOUR);
    await db.processing.saveWindow(id, 0, 'bench-corpus', segments);
    await index(id);
    await db.media.transition(id, 'READY');
    transcripts.push(segments);
    mediaIds.push(id);
    const mine = await db.kysely.selectFrom('search_chunks').where('media_id', '=', id).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    chunks += Number(mine.n);
    if (transcripts.length % 20 === 0) log(`indexed ${chunks} chunks (${transcripts.length} media)`);
  }
  return { chunks, media: transcripts.length, seconds: Number(process.hrtime.bigint() - start) / 1e9, transcripts, mediaIds };
}

/** The product's index stage over one stored media (chunking, `embedder`, replaceChunks). */
function indexStage(db: SqlDatabase, embedder: Embedder): (mediaId: string) => Promise<void> {
  // The index stage uses only these two ports; the others are never touched by it.
  const deps = { processing: db.processing, embedder } as Pick<PipelineDeps, 'processing' | 'embedder'> as PipelineDeps;
  const index = indexProcessor(deps);
  const silent = pino({ level: 'silent' });
  return async (mediaId) => {
    const media = (await db.media.findById(mediaId))!;
    const ctx = {
      job: { mediaId, stage: 'index' },
      media,
      attempt: 1,
      workDir: '/nonexistent',
      runId: 'bench',
      signal: new AbortController().signal,
      log: silent,
      progress: () => undefined,
    } as unknown as StageContext;
    const outcome = await index(ctx);
    if (outcome.status !== 'done') throw new Error(`index stage ${outcome.status} for ${mediaId}`);
  };
}

/** Runs the index stage again over media already indexed (same chunks, `embedder`'s vectors); seconds. */
export async function reindexMedia(db: SqlDatabase, embedder: Embedder, mediaIds: readonly string[]): Promise<number> {
  const index = indexStage(db, embedder);
  const start = process.hrtime.bigint();
  for (const id of mediaIds) await index(id);
  return Number(process.hrtime.bigint() - start) / 1e9;
}
