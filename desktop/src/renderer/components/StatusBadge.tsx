import type { MediaStatus, UploadState } from '@biblio/shared';
import { useT } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/types.js';

export type Tone = 'neutral' | 'active' | 'good' | 'warn' | 'bad';

const UPLOAD: Record<UploadState, [MessageKey, Tone]> = {
  queued: ['status.queued', 'neutral'],
  preparing: ['status.preparing', 'active'],
  uploading: ['status.uploading', 'active'],
  paused: ['status.paused', 'warn'],
  retrying: ['status.retrying', 'warn'],
  done: ['status.uploaded', 'good'],
  error: ['status.error', 'bad'],
  cancelled: ['status.cancelled', 'neutral'],
  duplicate: ['status.duplicate', 'good'],
  refused: ['status.refused', 'bad'],
};

const MEDIA: Record<MediaStatus, [MessageKey, Tone]> = {
  UPLOADING: ['status.uploading', 'active'],
  UPLOADED: ['status.uploaded', 'active'],
  PROCESSING: ['status.processing', 'active'],
  READY: ['status.ready', 'good'],
  REJECTED: ['status.rejected', 'bad'],
  FAILED: ['status.failed', 'bad'],
  EXPIRED: ['status.expired', 'neutral'],
  DELETED: ['status.deleted', 'neutral'],
};

export const UPLOAD_BADGES: Readonly<Record<UploadState, readonly [MessageKey, Tone]>> = UPLOAD;
export const MEDIA_BADGES: Readonly<Record<MediaStatus, readonly [MessageKey, Tone]>> = MEDIA;

/** One badge for both vocabularies (the local upload state, the appliance's media status), or one already decided. */
export function StatusBadge(props: { upload: UploadState } | { media: MediaStatus } | { label: MessageKey; tone: Tone }) {
  const t = useT();
  const [label, tone] = 'upload' in props ? UPLOAD[props.upload] : 'media' in props ? MEDIA[props.media] : [props.label, props.tone];
  return <span className={`badge badge--${tone}`}>{t(label)}</span>;
}
