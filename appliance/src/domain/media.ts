import type { MediaStatus, Stage, StageStatus, TranscriptSource } from '@biblio/shared';
import type { MediaFacts } from './media-probe.js';

export interface User {
  id: string;
  name: string;
  isAdmin: boolean;
  createdAt: Date;
}

export interface MediaRecord {
  id: string;
  ownerId: string;
  status: MediaStatus;
  filename: string;
  filetype: string;
  title: string | null;
  language: string | null;
  size: number;
  uploadedBytes: number;
  objectKey: string;
  durationSec: number | null;
  /** What validation found (null until the validate stage has passed). */
  facts: MediaFacts | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  uploadedAt: Date | null;
  deletedAt: Date | null;
  /** Part of every playback signature; a delete moves it on, so older URLs stop verifying. */
  generation: number;
  /** What the library sorts titles by (see sortTitleOf); kept in step with title and filename. */
  sortTitle: string;
  /** Hex SHA-256 of the uploaded bytes, once the upload finished. */
  sha256: string | null;
  /** Where the transcript's current text came from; null before there is one. */
  transcriptSource: TranscriptSource | null;
}

export interface StageRecord {
  mediaId: string;
  stage: Stage;
  status: StageStatus;
  progress: number;
  error: string | null;
  attempts: number;
  updatedAt: Date;
}

export interface NewMedia {
  id: string;
  ownerId: string;
  filename: string;
  filetype: string;
  title: string | null;
  language: string | null;
  size: number;
  objectKey: string;
}

/** Upload keys are built in storage-keys.ts, the one owner of the layout. */
export { uploadObjectKey } from './storage-keys.js';

/** Statuses in which the media's bytes are gone or going and the owner no longer sees it. */
export const HIDDEN_STATUSES: readonly MediaStatus[] = ['DELETED'];

/**
 * Statuses in which signed playback may serve a media (when its HLS exists): visible and past
 * validation. A media still transcribing, or whose transcription failed, still plays; deleted,
 * rejected and expired media never do.
 */
export const PLAYABLE_STATUSES: readonly MediaStatus[] = ['PROCESSING', 'READY', 'FAILED'];

/**
 * Statuses in which the whole upload is stored and its owner may download it. A rejected file is
 * kept until the sweeper's retention ends, so its owner can still see what was refused.
 */
export const ORIGINAL_AVAILABLE_STATUSES: readonly MediaStatus[] = ['UPLOADED', 'PROCESSING', 'READY', 'FAILED', 'REJECTED'];
