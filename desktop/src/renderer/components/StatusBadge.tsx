import type { MediaStatus, UploadState } from '@biblio/shared';

export type Tone = 'neutral' | 'active' | 'good' | 'warn' | 'bad';

const UPLOAD: Record<UploadState, [string, Tone]> = {
  queued: ['Queued', 'neutral'],
  preparing: ['Preparing', 'active'],
  uploading: ['Uploading', 'active'],
  paused: ['Paused', 'warn'],
  retrying: ['Retrying', 'warn'],
  done: ['Uploaded', 'good'],
  error: ['Error', 'bad'],
  cancelled: ['Cancelled', 'neutral'],
  duplicate: ['Already in library', 'good'],
  refused: ['Not uploaded', 'bad'],
};

const MEDIA: Record<MediaStatus, [string, Tone]> = {
  UPLOADING: ['Uploading', 'active'],
  UPLOADED: ['Uploaded', 'active'],
  PROCESSING: ['Processing', 'active'],
  READY: ['Ready', 'good'],
  REJECTED: ['Rejected', 'bad'],
  FAILED: ['Failed', 'bad'],
  EXPIRED: ['Expired', 'neutral'],
  DELETED: ['Deleted', 'neutral'],
};

export const UPLOAD_BADGES: Readonly<Record<UploadState, readonly [string, Tone]>> = UPLOAD;
export const MEDIA_BADGES: Readonly<Record<MediaStatus, readonly [string, Tone]>> = MEDIA;

/** One badge for both vocabularies (the local upload state, the appliance's media status), or one already decided. */
export function StatusBadge(props: { upload: UploadState } | { media: MediaStatus } | { label: string; tone: Tone }) {
  const [label, tone] = 'upload' in props ? UPLOAD[props.upload] : 'media' in props ? MEDIA[props.media] : [props.label, props.tone];
  return <span className={`badge badge--${tone}`}>{label}</span>;
}
