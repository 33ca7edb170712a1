import { useEffect, useState } from 'react';
import type { TranscriptSegmentDto } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { formatTime } from '../format.js';

interface Props {
  mediaId: string;
  /** Whether the appliance has finished the transcript; fetched (again) when this flips. */
  available: boolean;
  currentTime: number;
  onSeek(seconds: number): void;
}

type Load = { kind: 'loading' } | { kind: 'ok'; segments: TranscriptSegmentDto[] } | { kind: 'error'; message: string };

export function Transcript({ mediaId, available, currentTime, onSeek }: Props) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  useEffect(() => {
    if (!available) return;
    let live = true;
    setLoad({ kind: 'loading' });
    api()
      .invoke('library:transcript', mediaId)
      .then(
        ({ segments }) => live && setLoad({ kind: 'ok', segments }),
        (e: unknown) => live && setLoad({ kind: 'error', message: errorMessage(e) }),
      );
    return () => {
      live = false;
    };
  }, [mediaId, available]);

  let body;
  if (!available) body = <p className="empty">The transcript appears here when the Transcript stage is done.</p>;
  else if (load.kind === 'loading') body = <p className="empty">Loading the transcript…</p>;
  else if (load.kind === 'error')
    body = (
      <p className="notice notice--error" role="alert">
        Could not load the transcript: {load.message}
      </p>
    );
  else if (load.segments.length === 0) body = <p className="empty">No speech was found in this recording.</p>;
  else
    body = (
      <ol className="transcript" aria-label="Transcript">
        {load.segments.map((segment) => {
          const active = currentTime >= segment.start && currentTime < segment.end;
          return (
            <li key={`${segment.start}-${segment.end}`}>
              <button
                type="button"
                className={`segment${active ? ' is-active' : ''}`}
                data-testid="transcript-segment"
                data-start={segment.start}
                aria-current={active ? 'true' : undefined}
                onClick={() => onSeek(segment.start)}
              >
                <span className="segment-time">{formatTime(segment.start)}</span>
                <span className="segment-text">{segment.text}</span>
              </button>
            </li>
          );
        })}
      </ol>
    );

  return (
    <section className="transcript-panel" aria-labelledby="transcript-title">
      <h3 id="transcript-title">Transcript</h3>
      {body}
    </section>
  );
}
