import { z } from 'zod';
import { UPLOAD_STATES, type UploadState } from '@biblio/shared';
import { readJsonFile } from './state-file.js';

/** What is persisted per queue item: the public fields plus what a resume needs. */
export const itemRecordSchema = z.object({
  id: z.string(),
  path: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  mimeType: z.string(),
  state: z.enum(UPLOAD_STATES),
  uploadedBytes: z.number().int().nonnegative(),
  mediaId: z.string().nullable(),
  error: z.string().nullable(),
  attempt: z.number().int().positive(),
  createdAt: z.string(),
  /** The tus upload URL: with it, a restart HEADs the server's offset and continues there. */
  uploadUrl: z.string().nullable(),
  /** The fingerprint the upload URL belongs to; a different one on resume means "start over". */
  fingerprint: z.string().nullable(),
  language: z.string().nullable().default(null),
  /** sha256 of the content and the fingerprint it was computed for (a changed file hashes again). */
  contentHash: z.object({ fingerprint: z.string(), sha256: z.string() }).nullable().default(null),
  /** "Upload anyway": skip the duplicate check / the local FFmpeg check. */
  allowDuplicate: z.boolean().default(false),
  allowUnreadable: z.boolean().default(false),
  /** State 'duplicate': the library's media with the same content. */
  duplicateOf: z.object({ mediaId: z.string(), filename: z.string(), title: z.string().nullable(), createdAt: z.string() }).nullable().default(null),
  /** State 'error': whether Retry can help. */
  canRetry: z.boolean().default(true),
});
export type ItemRecord = z.infer<typeof itemRecordSchema>;

const queueFileSchema = z.object({
  version: z.literal(1),
  items: z.array(itemRecordSchema),
  /** Upload URLs to DELETE (cancelled or superseded) that could not be reached yet. */
  pendingTerminations: z.array(z.string()).default([]),
});
export type QueueFile = z.infer<typeof queueFileSchema>;

/** States in which a process was working on the item when it stopped. */
const IN_FLIGHT: readonly UploadState[] = ['preparing', 'uploading', 'retrying'];

/**
 * Loads queue.json. Items that were in flight when the last process ended (crash, kill, close)
 * come back 'queued' so they resume from the server's offset, or 'paused' when `holdRestored`
 * (the CLI uploads only the files it was given; the rest wait for whoever added them).
 */
export async function loadQueueFile(file: string, holdRestored: boolean, warn: (message: string) => void): Promise<QueueFile> {
  const read = await readJsonFile(file);
  if ('corrupt' in read) warn(`queue.json was unreadable and was moved to ${read.corrupt}; starting with an empty queue`);
  if (!('data' in read)) return { version: 1, items: [], pendingTerminations: [] };
  const parsed = queueFileSchema.safeParse(read.data);
  if (!parsed.success) {
    warn(`queue.json has an unexpected shape (${parsed.error.issues[0]?.message}); starting with an empty queue`);
    return { version: 1, items: [], pendingTerminations: [] };
  }
  for (const item of parsed.data.items) {
    if (IN_FLIGHT.includes(item.state) || (holdRestored && item.state === 'queued')) {
      item.state = holdRestored ? 'paused' : 'queued';
    }
  }
  return parsed.data;
}
