import { useState } from 'react';
import type { MediaDto, QueueItem, UploadState } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { formatBytes, formatEta, formatSpeed, percent } from '../format.js';
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
type RowChannel = 'queue:pause' | 'queue:resume' | 'queue:cancel' | 'queue:retry';

export function QueueRow({ item, media, onOpenMedia }: Props) {
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

  return (
    <li className="queue-row" data-testid="queue-row" data-state={item.state} data-id={item.id} aria-label={item.name}>
      <Thumbnail src={item.preview.thumbnail} mimeType={item.mimeType} name={item.name} />
      <div className="row-body">
        <div className="row-title">
          <span className="row-name" title={item.path}>
            {item.name}
          </span>
          <StatusBadge upload={item.state} />
        </div>
        <Waveform
          peaks={item.preview.peaks}
          progress={pct / 100}
          label={`Upload progress of ${item.name}`}
          pending={!item.preview.peaks && !item.preview.error}
        />
        <p className="row-meta">
          <span>
            {formatBytes(done ? item.size : item.uploadedBytes)} of {formatBytes(item.size)} · {Math.floor(pct)}%
          </span>
          {moving && <span data-testid="speed">{formatSpeed(item.speedBps)}</span>}
          {moving && item.etaSec !== null && <span data-testid="eta">{formatEta(item.etaSec)}</span>}
          {item.attempt > 1 && item.state !== 'done' && <span>attempt {item.attempt}</span>}
        </p>
        {item.error && !processingFailed && (
          <p className="row-error" role="alert" data-testid="upload-error">
            {item.state === 'error' ? 'Upload stopped: ' : ''}
            {item.error}
            {item.state === 'error' ? ' — use Retry to continue from where it stopped.' : ''}
          </p>
        )}
        {problem && (
          <p className="row-error" role="alert">
            {problem}
          </p>
        )}
        {/* While bytes still move, the upload badge above already says so. */}
        {media && media.status !== 'UPLOADING' && <StageChips media={media} />}
      </div>
      <div className="row-actions">
        {CAN_PAUSE.has(item.state) && (
          <button type="button" onClick={() => run('queue:pause')}>
            Pause
          </button>
        )}
        {item.state === 'paused' && (
          <button type="button" className="primary" onClick={() => run('queue:resume')}>
            Resume
          </button>
        )}
        {item.state === 'error' && (
          <button type="button" className="primary" onClick={() => run('queue:retry')}>
            Retry
          </button>
        )}
        {CAN_CANCEL.has(item.state) && (
          <button type="button" className="danger" onClick={() => run('queue:cancel')}>
            Cancel
          </button>
        )}
        {media && done && (
          <button type="button" className="link" onClick={() => onOpenMedia(media.id)}>
            Open in library
          </button>
        )}
      </div>
    </li>
  );
}
