import type { MediaDto, QueueItem, UploadState } from '@biblio/shared';
import type { MessageKey } from './i18n/types.js';

export type RowTone = 'neutral' | 'active' | 'good' | 'warn' | 'bad';
export interface RowStatus {
  /** The status's message key: the row shows it translated, tests read it as data-status. */
  label: MessageKey;
  tone: RowTone;
}

const UPLOAD: Record<UploadState, RowStatus> = {
  queued: { label: 'status.queued', tone: 'neutral' },
  preparing: { label: 'status.checking', tone: 'active' },
  uploading: { label: 'status.uploading', tone: 'active' },
  paused: { label: 'status.paused', tone: 'warn' },
  retrying: { label: 'status.retrying', tone: 'warn' },
  done: { label: 'status.uploaded', tone: 'good' },
  error: { label: 'status.error', tone: 'bad' },
  cancelled: { label: 'status.cancelled', tone: 'neutral' },
  duplicate: { label: 'status.duplicate', tone: 'good' },
  refused: { label: 'status.refused', tone: 'bad' },
};

/** The prefix the core gives the appliance's verdict when the library has not loaded the media yet. */
const REJECTED_NOTE = 'Rejected on the appliance';

/**
 * The one status a queue row shows. Once the bytes are on the appliance its verdict is the
 * status (a rejected upload says "Rejected", never "Uploaded" next to it); before that, the
 * local state.
 */
export function queueRowStatus(item: QueueItem, media: MediaDto | undefined): RowStatus {
  if (item.state !== 'done') return UPLOAD[item.state];
  switch (media?.status) {
    case 'REJECTED':
      return { label: 'status.rejected', tone: 'bad' };
    case 'FAILED':
      return { label: 'status.processingFailed', tone: 'bad' };
    case 'UPLOADED':
    case 'PROCESSING':
      return { label: 'status.processing', tone: 'active' };
    case 'READY':
      return { label: 'status.ready', tone: 'good' };
    case 'DELETED':
      return { label: 'status.deleted', tone: 'neutral' };
    default:
      return item.error?.startsWith(REJECTED_NOTE) ? { label: 'status.rejected', tone: 'bad' } : UPLOAD.done;
  }
}

/** Whether the row offers Retry: only an error a new try can fix. */
export function canRetry(item: QueueItem): boolean {
  return item.state === 'error' && item.canRetry;
}
