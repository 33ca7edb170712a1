import type { DuplicateMedia, MediaDto } from '@biblio/shared';
import type { ApplianceClient } from './appliance-client.js';
import { ApplianceError } from './appliance-request.js';
import { sha256OfFile } from './content-hash.js';
import type { MediaTools } from './ffmpeg.js';
import { checkMedia } from './media-check.js';
import type { ItemRecord } from './queue-store.js';

/** What to do with a file before creating its upload. */
export type PrecheckOutcome =
  | { kind: 'upload' }
  /** An earlier queue item has the same content and has no media yet: ask again shortly. */
  | { kind: 'wait'; reason: string }
  | { kind: 'duplicate'; media: DuplicateMedia }
  | { kind: 'refused'; reason: string };

/** Media that count as "already in your library": a REJECTED or EXPIRED one does not. */
export const DUPLICATE_STATUSES = 'UPLOADED,PROCESSING,READY,FAILED';

export interface PrecheckDeps {
  /** null: previews and probes are off or FFmpeg is missing; the appliance alone judges. */
  tools: MediaTools | null;
  client: ApplianceClient;
  /**
   * An earlier item of this queue with the same content (not cancelled, refused or failed):
   * two copies dropped together are found here, before either reached the appliance.
   */
  earlierWithContent(sha256: string): EarlierCopy | null;
}

/**
 * An earlier queue item that is (or may be) a copy of the one asking. `hashing`: its hash is not
 * known yet but it has the same size, so it may be the same content; the later item waits.
 */
export interface EarlierCopy {
  media: DuplicateMedia | null;
  name: string;
  hashing?: boolean;
}

/**
 * How an earlier queue item relates to a later one of `size` bytes whose content hash is
 * `sha256`. Of two copies dropped together the earlier must be the one that uploads, but which
 * finishes hashing first is a race: an earlier item of the same size whose hash is still being
 * computed (and will be: not "Upload anyway") counts as a possible copy, not as another file.
 */
export function relationTo(earlier: ItemRecord, size: number, sha256: string): 'copy' | 'maybe-copy' | 'other' {
  if (earlier.contentHash) return earlier.contentHash.sha256 === sha256 ? 'copy' : 'other';
  return earlier.size === size && !earlier.allowDuplicate && !earlier.mediaId ? 'maybe-copy' : 'other';
}

/**
 * Before a new upload is created (never for a resume: that media exists already), two checks,
 * run side by side: the local ffprobe must read the file as audio/video, and the owner's library
 * must not hold the same content already (sha256, streamed from disk, asked of the appliance).
 * The record's `allowUnreadable` / `allowDuplicate` ("Upload anyway") skip them. The hash is
 * kept on the record with the fingerprint it belongs to, so a restart does not hash again.
 */
export async function precheckUpload(deps: PrecheckDeps, rec: ItemRecord, fingerprint: string, signal: AbortSignal): Promise<PrecheckOutcome> {
  const probing = !rec.allowUnreadable && deps.tools ? checkMedia(deps.tools, rec.path, signal) : Promise.resolve(null);
  const hashing = rec.allowDuplicate ? Promise.resolve(null) : contentHash(rec, fingerprint, signal);
  const [verdict, sha256] = await Promise.all([probing, hashing]);
  if (verdict && verdict.readable === false) return { kind: 'refused', reason: verdict.reason };
  if (!sha256) return { kind: 'upload' };
  const sibling = deps.earlierWithContent(sha256);
  if (sibling?.hashing) return { kind: 'wait', reason: `${sibling.name}, queued earlier, may be the same file; checking again once it has been read` };
  if (sibling?.media) return { kind: 'duplicate', media: sibling.media };
  if (sibling) return { kind: 'wait', reason: `the same content is already queued as ${sibling.name}; checking again once it reaches the appliance` };
  const existing = await findByContent(deps.client, sha256);
  return existing ? { kind: 'duplicate', media: existing } : { kind: 'upload' };
}

async function contentHash(rec: ItemRecord, fingerprint: string, signal: AbortSignal): Promise<string> {
  if (rec.contentHash?.fingerprint === fingerprint) return rec.contentHash.sha256;
  const sha256 = await sha256OfFile(rec.path, { signal });
  rec.contentHash = { fingerprint, sha256 };
  return sha256;
}

/** The owner's media with this content, if any. An appliance that cannot filter by hash (400) has no answer. */
export async function findByContent(client: ApplianceClient, sha256: string): Promise<DuplicateMedia | null> {
  let found: MediaDto | undefined;
  try {
    found = (await client.listMediaPage({ sha256, status: DUPLICATE_STATUSES, limit: '1' })).media[0];
  } catch (error) {
    if (error instanceof ApplianceError && error.status === 400) return null;
    throw error;
  }
  return found ? { mediaId: found.id, filename: found.filename, title: found.title, createdAt: found.createdAt } : null;
}
