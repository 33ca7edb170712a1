import type { StageJob } from '@biblio/shared';
import type { Logger } from 'pino';
import type { MediaRecord } from '../domain/media.js';
import type { AssetStore } from '../ports/asset-store.js';
import type { Database } from '../ports/database.js';
import type { Embedder } from '../ports/embedder.js';
import type { MediaTool } from '../ports/media-tool.js';
import type { ProcessingStore } from '../ports/processing-store.js';
import type { SpeechToText } from '../ports/speech-to-text.js';
import type { UploadStorage } from '../ports/upload-storage.js';

/** What a stage returns: done, skipped (nothing to do for this media), or rejected (bad input). */
export type StageOutcome = { status: 'done' } | { status: 'skipped'; reason: string } | { status: 'rejected'; reason: string };

export interface StageContext {
  job: StageJob;
  media: MediaRecord;
  /** 1 for the first attempt. */
  attempt: number;
  /** A private temporary directory, removed after the stage. */
  workDir: string;
  /** A short id unique to this run, for output prefixes that are switched atomically. */
  runId: string;
  signal: AbortSignal;
  log: Logger;
  progress(percent: number): void;
}

/** Everything processors may use: ports only, never adapters. */
export interface PipelineDeps {
  db: Database;
  processing: ProcessingStore;
  uploads: UploadStorage;
  assets: AssetStore;
  mediaTool: MediaTool;
  speechToText: SpeechToText;
  embedder: Embedder;
  /** Length of one speech-to-text window (checkpoint granularity). */
  transcribeWindowSec: number;
}

export type StageProcessor = (ctx: StageContext) => Promise<StageOutcome>;

// The queue adapter needs these without importing pipeline/: they live in domain/.
export { StageCancelledError, StageDeferredError } from '../domain/stage-errors.js';
