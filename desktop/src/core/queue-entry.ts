import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { MediaStatus, QueueItem, UploadPreview } from '@biblio/shared';
import { mimeTypeForPath } from './media-types.js';
import { EMPTY_PREVIEW } from './previews.js';
import type { ItemRecord } from './queue-store.js';
import { etaSeconds, SpeedMeter } from './speed.js';
import type { UploadTask } from './upload-task.js';

/** One queue item at runtime: the persisted record plus what only lives in memory. */
export interface Entry {
  rec: ItemRecord;
  preview: UploadPreview;
  meter: SpeedMeter;
  task: UploadTask | null;
  /** Holds one of the parallel slots (preparing, uploading, or inside tus-js-client's retries). */
  running: boolean;
  /** Waiting out the queue's backoff before the next attempt. */
  timer: NodeJS.Timeout | null;
  /** Why the item is 'retrying' (shown as its error; never persisted as one). */
  retryReason: string | null;
  /** The appliance's verdict from SSE (REJECTED/FAILED reason; null once fine); undefined = none seen. */
  serverNote?: string | null;
  /** Bumped whenever a run is abandoned, so late callbacks of that run are ignored. */
  run: number;
  /** Stops the pre-upload checks (hashing a big file) when the run is abandoned. */
  checks: AbortController | null;
}

export function newEntry(rec: ItemRecord): Entry {
  return { rec, preview: { ...EMPTY_PREVIEW }, meter: new SpeedMeter(), task: null, running: false, timer: null, retryReason: null, run: 0, checks: null };
}

export function toQueueItem(entry: Entry): QueueItem {
  const { rec } = entry;
  const moving = rec.state === 'uploading';
  const speedBps = moving ? entry.meter.bytesPerSecond() : 0;
  return {
    id: rec.id,
    path: rec.path,
    name: rec.name,
    size: rec.size,
    mimeType: rec.mimeType,
    state: rec.state,
    uploadedBytes: rec.uploadedBytes,
    speedBps,
    etaSec: rec.state === 'done' ? 0 : moving ? etaSeconds(rec.size - rec.uploadedBytes, speedBps) : null,
    mediaId: rec.mediaId,
    error: rec.state === 'retrying' ? (entry.retryReason ?? rec.error) : rec.error,
    attempt: rec.attempt,
    preview: entry.preview,
    createdAt: rec.createdAt,
    duplicateOf: rec.state === 'duplicate' ? rec.duplicateOf : null,
    canRetry: rec.state === 'error' && rec.canRetry,
  };
}

/** The appliance's media id is the last path segment of the tus upload URL. */
export function mediaIdOfUrl(url: string): string | null {
  const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
  return segment ? decodeURIComponent(segment) : null;
}

export const ACTIVE_STATES = ['queued', 'preparing', 'uploading', 'retrying'] as const;
export function isActive(entry: Entry): boolean {
  return (ACTIVE_STATES as readonly string[]).includes(entry.rec.state);
}

export function newRecord(file: string, size: number, mtimeMs: number, error: string | null, language: string | null): ItemRecord {
  return {
    id: randomUUID(),
    path: file,
    // Shown and sent as NFC (macOS file names are NFD); `path` keeps the bytes the disk has.
    name: path.basename(file).normalize('NFC'),
    size,
    mtimeMs,
    mimeType: mimeTypeForPath(file),
    state: error ? 'error' : 'queued',
    uploadedBytes: 0,
    mediaId: null,
    error,
    attempt: 1,
    createdAt: new Date().toISOString(),
    uploadUrl: null,
    fingerprint: null,
    language,
    contentHash: null,
    allowDuplicate: false,
    allowUnreadable: false,
    duplicateOf: null,
    canRetry: true,
  };
}

const VERDICT_PREFIXES = ['Rejected on the appliance', 'Processing failed on the appliance'];

/**
 * The appliance's verdict on a finished upload as a note: the reason for REJECTED/FAILED, null
 * once it is fine again (a FAILED media retried from the library), undefined for no verdict.
 */
export function verdictNote(status: MediaStatus, error: string | null): string | null | undefined {
  if (status === 'REJECTED' || status === 'FAILED') {
    return `${status === 'REJECTED' ? VERDICT_PREFIXES[0] : VERDICT_PREFIXES[1]}: ${error ?? 'no reason given'}`;
  }
  return status === 'PROCESSING' || status === 'READY' ? null : undefined;
}

/** A verdict replaces the note; "fine again" clears only an earlier verdict, not other notes. */
export function noteAfterVerdict(current: string | null, verdict: string | null): string | null {
  if (verdict !== null) return verdict;
  return current && VERDICT_PREFIXES.some((p) => current.startsWith(p)) ? null : current;
}
