import { useState } from 'react';
import type { MediaDto } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { formatBytes, formatTime } from '../format.js';
import { StageChips } from './StageChips.js';

interface Props {
  media: MediaDto;
  selected: boolean;
  onOpen(): void;
}

export function LibraryRow({ media, selected, onOpen }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const act = (action: Promise<unknown>) => {
    setProblem(null);
    action.catch((e: unknown) => setProblem(errorMessage(e)));
  };

  return (
    <li
      className={`library-row${selected ? ' is-selected' : ''}`}
      data-testid="library-row"
      data-status={media.status}
      data-media-id={media.id}
    >
      <button type="button" className="row-open" onClick={onOpen} aria-current={selected ? 'true' : undefined}>
        <span className="row-name">{media.title ?? media.filename}</span>
        <span className="row-meta">
          {media.title && media.title !== media.filename ? `${media.filename} · ` : ''}
          {formatBytes(media.size)}
          {media.durationSec !== null ? ` · ${formatTime(media.durationSec)}` : ''}
          {' · '}
          {new Date(media.createdAt).toLocaleString()}
        </span>
      </button>
      <StageChips media={media} />
      {problem && (
        <p className="row-error" role="alert">
          {problem}
        </p>
      )}
      <div className="row-actions row-actions--inline">
        {media.status === 'FAILED' && (
          <button type="button" className="primary" onClick={() => act(api().invoke('library:retry', media.id))}>
            Retry processing
          </button>
        )}
        {confirming ? (
          <>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                act(api().invoke('library:delete', media.id));
              }}
            >
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Delete ${media.filename}`}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
}
