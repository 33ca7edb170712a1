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

/**
 * Thrown by the runner when a shutdown interrupted a stage: no outcome was recorded, and the
 * queue must put the job back without counting an attempt.
 */
export class StageCancelledError extends Error {
  constructor(stage: string) {
    super(`${stage} was interrupted by a shutdown; it runs again on the next start`);
    this.name = 'StageCancelledError';
  }
}

/**
 * Thrown by the runner when a stage cannot run now for a reason outside the file (the disk is
 * full): the queue delays the job by `delayMs` without counting an attempt.
 */
export class StageDeferredError extends Error {
  constructor(
    stage: string,
    readonly reason: string,
    readonly delayMs: number,
  ) {
    super(`${stage} waits: ${reason}`);
    this.name = 'StageDeferredError';
  }
}
