import type { MediaStatus } from '@biblio/shared';

/**
 * The upload/media state machine. A transition not listed here is a bug or a race (a late
 * finish hook for an upload the sweeper already expired, say), and the caller must not apply it.
 */
const TRANSITIONS: Record<MediaStatus, readonly MediaStatus[]> = {
  UPLOADING: ['UPLOADED', 'EXPIRED', 'DELETED'],
  UPLOADED: ['PROCESSING', 'REJECTED', 'FAILED', 'DELETED'],
  PROCESSING: ['READY', 'REJECTED', 'FAILED', 'DELETED'],
  READY: ['PROCESSING', 'DELETED'],
  REJECTED: ['DELETED'],
  FAILED: ['PROCESSING', 'DELETED'],
  EXPIRED: ['DELETED'],
  DELETED: [],
};

export function canTransition(from: MediaStatus, to: MediaStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Every status from which `to` may be reached: used as a guard in conditional UPDATEs. */
export function statusesLeadingTo(to: MediaStatus): MediaStatus[] {
  return (Object.keys(TRANSITIONS) as MediaStatus[]).filter((from) => TRANSITIONS[from].includes(to));
}

/** Terminal states whose stored bytes may be removed once the retention period has passed. */
export const PURGEABLE_STATUSES: readonly MediaStatus[] = ['EXPIRED', 'REJECTED', 'DELETED'];
