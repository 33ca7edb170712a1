import type { MediaDto, QueueItem, UploadState } from '@biblio/shared';

export type RowTone = 'neutral' | 'active' | 'good' | 'warn' | 'bad';
export interface RowStatus {
  label: string;
  tone: RowTone;
}

const UPLOAD: Record<UploadState, RowStatus> = {
  queued: { label: 'Queued', tone: 'neutral' },
  preparing: { label: 'Checking', tone: 'active' },
  uploading: { label: 'Uploading', tone: 'active' },
  paused: { label: 'Paused', tone: 'warn' },
  retrying: { label: 'Retrying', tone: 'warn' },
  done: { label: 'Uploaded', tone: 'good' },
  error: { label: 'Error', tone: 'bad' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  duplicate: { label: 'Already in library', tone: 'good' },
  refused: { label: 'Not uploaded', tone: 'bad' },
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
      return { label: 'Rejected', tone: 'bad' };
    case 'FAILED':
      return { label: 'Processing failed', tone: 'bad' };
    case 'UPLOADED':
    case 'PROCESSING':
      return { label: 'Processing', tone: 'active' };
    case 'READY':
      return { label: 'Ready', tone: 'good' };
    case 'DELETED':
      return { label: 'Deleted', tone: 'neutral' };
    default:
      return item.error?.startsWith(REJECTED_NOTE) ? { label: 'Rejected', tone: 'bad' } : UPLOAD.done;
  }
}

/** Whether the row offers Retry: only an error a new try can fix. */
export function canRetry(item: QueueItem): boolean {
  return item.state === 'error' && item.canRetry;
}
