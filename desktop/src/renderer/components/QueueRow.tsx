import { useState } from 'react';
import type { MediaDto, QueueItem, UploadState } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { formatBytes, formatDuration, formatPercent, formatSpeed, percent } from '../format.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { translate } from '../i18n/translate.js';
import { canRetry, queueRowStatus } from '../queue-status.js';
import './QueueRow.css';
import { DuplicateNotice, ErrorNotice, RefusedNotice } from './QueueRowNotices.js';
import { StageChips } from './StageChips.js';
import { StatusBadge } from './StatusBadge.js';
import { Thumbnail } from './Thumbnail.js';
import { Waveform } from './Waveform.js';

interface Props {
  item: QueueItem;
  /** The appliance's view of this upload once it exists: processing stages live from SSE. */
  media: MediaDto | undefined;
  onOpenMedia(mediaId: string): void;
}

const CAN_PAUSE: ReadonlySet<UploadState> = new Set(['queued', 'preparing', 'uploading', 'retrying']);
const CAN_CANCEL: ReadonlySet<UploadState> = new Set(['queued', 'preparing', 'uploading', 'paused', 'retrying', 'error']);
/** Nothing was sent for these: the user decides (Upload anyway) or dismisses them. */
const AWAITING_DECISION: ReadonlySet<UploadState> = new Set(['duplicate', 'refused']);
type RowChannel = 'queue:pause' | 'queue:resume' | 'queue:cancel' | 'queue:retry' | 'queue:uploadAnyway';

export function QueueRow({ item, media, onOpenMedia }: Props) {
  const { t, locale } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const run = (channel: RowChannel) => {
    setProblem(null);
    api()
      .invoke(channel, item.id)
      .catch((e: unknown) => setProblem(errorMessage(e)));
  };

  const done = item.state === 'done';
  const pct = done ? 100 : percent(item.uploadedBytes, item.size);
  const moving = item.state === 'uploading' && item.speedBps > 0;
  // After the bytes arrived, a refusal is the appliance's: the stage chips below show its reason.
  const processingFailed = done && (media?.status === 'REJECTED' || media?.status === 'FAILED');
  const status = queueRowStatus(item, media);
  const awaiting = AWAITING_DECISION.has(item.state);

  return (
    <li className="queue-row" data-testid="queue-row" data-state={item.state} data-status={translate('en', status.label)} data-id={item.id} aria-label={item.name}>
      {/* FFmpeg renders text as a picture: a refused file shows no misleading preview. */}
      <Thumbnail src={item.state === 'refused' ? null : item.preview.thumbnail} mimeType={item.mimeType} name={item.name} />
      <div className="row-body">
        <div className="row-title">
          <span className="row-name" title={item.path}>
            {item.name}
          </span>
          <span className="row-status" data-testid="row-status">
            <StatusBadge label={status.label} tone={status.tone} />
          </span>
        </div>
        {item.state !== 'refused' && (
          <Waveform
            peaks={item.preview.peaks}
            progress={pct / 100}
            label={t('row.progressLabel', { name: item.name })}
            pending={!item.preview.peaks && !item.preview.error}
          />
        )}
        {!awaiting && (
          <p className="row-meta">
            <span>
              {t('row.progress', {
                done: formatBytes(done ? item.size : item.uploadedBytes, locale),
                total: formatBytes(item.size, locale),
                percent: formatPercent(pct, locale),
              })}
            </span>
            {moving && <span data-testid="speed">{formatSpeed(item.speedBps, locale)}</span>}
            {moving && item.etaSec !== null && <span data-testid="eta">{t('row.eta', { duration: formatDuration(item.etaSec, locale) })}</span>}
            {item.attempt > 1 && item.state !== 'done' && <span>{t('row.attempt', { count: item.attempt })}</span>}
            {item.state === 'preparing' && <span>{t('row.checking')}</span>}
          </p>
        )}
        {item.state === 'duplicate' && <DuplicateNotice item={item} onOpenMedia={onOpenMedia} />}
        {item.state === 'refused' && <RefusedNotice item={item} />}
        {!awaiting && !processingFailed && <ErrorNotice item={item} />}
        {problem && (
          <p className="row-error" role="alert">
            {problem}
          </p>
        )}
        {/* While bytes still move, the upload badge above already says so. */}
        {media && done && media.status !== 'UPLOADING' && <StageChips media={media} />}
      </div>
      <div className="row-actions">
        {CAN_PAUSE.has(item.state) && (
          <button type="button" onClick={() => run('queue:pause')}>
            {t('row.pause')}
          </button>
        )}
        {item.state === 'paused' && (
          <button type="button" className="primary" onClick={() => run('queue:resume')}>
            {t('row.resume')}
          </button>
        )}
        {canRetry(item) && (
          <button type="button" className="primary" onClick={() => run('queue:retry')}>
            {t('row.retry')}
          </button>
        )}
        {awaiting && (
          <button type="button" onClick={() => run('queue:uploadAnyway')}>
            {t('row.uploadAnyway')}
          </button>
        )}
        {awaiting && (
          <button type="button" onClick={() => run('queue:cancel')}>
            {t('row.dismiss')}
          </button>
        )}
        {CAN_CANCEL.has(item.state) && (
          <button type="button" className="danger" onClick={() => run('queue:cancel')}>
            {item.state === 'error' && !item.canRetry ? t('row.dismiss') : t('row.cancel')}
          </button>
        )}
        {item.duplicateOf && (
          <button type="button" className="link" onClick={() => onOpenMedia(item.duplicateOf!.mediaId)}>
            {t('row.openInLibrary')}
          </button>
        )}
        {media && done && (
          <button type="button" className="link" onClick={() => onOpenMedia(media.id)}>
            {t('row.openInLibrary')}
          </button>
        )}
      </div>
    </li>
  );
}
