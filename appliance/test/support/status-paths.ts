import type { MediaStatus } from '@biblio/shared';

/** How each status is reached through the state machine (the repositories refuse shortcuts). */
export const STATUS_PATH: Record<MediaStatus, MediaStatus[]> = {
  UPLOADING: [],
  UPLOADED: ['UPLOADED'],
  PROCESSING: ['UPLOADED', 'PROCESSING'],
  READY: ['UPLOADED', 'PROCESSING', 'READY'],
  FAILED: ['UPLOADED', 'PROCESSING', 'FAILED'],
  REJECTED: ['UPLOADED', 'REJECTED'],
  EXPIRED: ['EXPIRED'],
  DELETED: ['DELETED'],
};
