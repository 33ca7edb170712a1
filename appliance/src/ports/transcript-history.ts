import type { TranscriptSource, TranscriptVersionSource } from '@biblio/shared';
import type { TranscriptDraft } from '../domain/transcript-edit.js';
import type { ChunkToIndex } from './search-index.js';

export type { TranscriptDraft } from '../domain/transcript-edit.js';

/** The transcript as it is now: segments (speaker ids), speakers, version, where the text came from. */
export interface CurrentTranscript extends TranscriptDraft {
  /** 0 for an engine transcript that no change has touched since versions existed. */
  version: number;
  source: TranscriptSource | null;
}

export interface TranscriptVersionSummary {
  version: number;
  source: TranscriptVersionSource;
  /** Where the text itself came from (a restored version keeps its original's). */
  textSource: TranscriptSource;
  authorId: string | null;
  /** The author's user name; null for the engine or a removed user. */
  authorName: string | null;
  note: string | null;
  createdAt: Date;
  segmentCount: number;
}

export interface TranscriptVersion extends TranscriptVersionSummary, TranscriptDraft {}

export interface TranscriptCommit {
  mediaId: string;
  ownerId: string;
  /** The version the change is based on; undefined applies it whatever the current version. */
  baseVersion?: number;
  source: TranscriptVersionSource;
  textSource: TranscriptSource;
  authorId: string | null;
  note?: string | null;
  draft: TranscriptDraft;
  /** The media's whole search index for the new text (built by the caller, embeddings included). */
  chunks: ChunkToIndex[];
}

export type CommitResult = { committed: true; version: number } | { committed: false; current: number };

/**
 * The human side of transcripts: versions, speakers and where the text came from. A commit
 * writes the new text, its version, its speakers, the media's transcript source and the
 * media's search index in ONE transaction, after checking the base version under a lock on
 * the media: search never sees half an old and half a new transcript, and of two concurrent
 * changes based on the same version exactly one wins.
 */
export interface TranscriptHistory {
  current(mediaId: string): Promise<CurrentTranscript>;
  /**
   * Applies a change. The first change to a transcript the engine wrote before versions
   * existed first records that text as version 1, so history starts with what the engine said.
   */
  commit(change: TranscriptCommit): Promise<CommitResult>;
  /** Oldest first. */
  versions(mediaId: string): Promise<TranscriptVersionSummary[]>;
  version(mediaId: string, version: number): Promise<TranscriptVersion | undefined>;
  /**
   * The transcribe stage finished: records the engine's transcript as a new version (source
   * stt) and makes it the media's transcript source; nothing when the latest version already
   * holds exactly this text (a retried stage).
   */
  recordEngineTranscript(mediaId: string, engine: string): Promise<void>;
  /**
   * Forgets the current text, its speakers, its source and the transcription checkpoints
   * (versions stay), so speech-to-text runs again from the start: POST .../retranscribe.
   */
  clearForTranscription(mediaId: string): Promise<void>;
}
