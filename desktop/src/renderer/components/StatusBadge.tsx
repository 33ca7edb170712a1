import type { MediaStatus, UploadState } from '@biblio/shared';

type Tone = 'neutral' | 'active' | 'good' | 'warn' | 'bad';

const UPLOAD: Record<UploadState, [string, Tone]> = {
  queued: ['Queued', 'neutral'],
  preparing: ['Preparing', 'active'],
  uploading: ['Uploading', 'active'],
  paused: ['Paused', 'warn'],
  retrying: ['Retrying', 'warn'],
  done: ['Uploaded', 'good'],
  error: ['Error', 'bad'],
  cancelled: ['Cancelled', 'neutral'],
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

/** One badge for both vocabularies: the local upload state and the appliance's media status. */
export function StatusBadge(props: { upload: UploadState } | { media: MediaStatus }) {
  const [label, tone] = 'upload' in props ? UPLOAD[props.upload] : MEDIA[props.media];
  return <span className={`badge badge--${tone}`}>{label}</span>;
}
