import { useEffect, useRef, useState } from 'react';
import Hls from 'hls.js';
import { api, errorMessage } from '../biblio.js';

export interface Seek {
  time: number;
  nonce: number;
}

interface Props {
  mediaId: string;
  seek: Seek | null;
  onTime(seconds: number): void;
}

/**
 * Plays the appliance's signed HLS URL. The signature is the credential (segments cannot carry a
 * bearer header), so the URL comes from the core per play and is never stored.
 */
export function Player({ mediaId, seek, onTime }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let hls: Hls | null = null;
    let cancelled = false;
    setError(null);
    api()
      .invoke('library:playback', mediaId)
      .then(
        ({ url }) => {
          if (cancelled) return;
          if (Hls.isSupported()) {
            hls = new Hls();
            hls.on(Hls.Events.ERROR, (_event, data) => {
              if (data.fatal) setError(`The stream stopped (${data.details}). The link may have expired.`);
            });
            hls.loadSource(url);
            hls.attachMedia(element);
          } else if (element.canPlayType('application/vnd.apple.mpegurl')) {
            element.src = url;
          } else {
            setError('This system cannot play HLS streams.');
          }
        },
        (e: unknown) => {
          if (!cancelled) setError(`Could not start playback: ${errorMessage(e)}`);
        },
      );
    return () => {
      cancelled = true;
      hls?.destroy();
    };
  }, [mediaId, attempt]);

  useEffect(() => {
    const element = video.current;
    if (!element || !seek) return;
    const apply = () => {
      element.currentTime = seek.time;
      // A jump is a request to hear that moment; autoplay rules may refuse, then the user presses play.
      element.play().catch(() => undefined);
    };
    if (element.readyState >= HTMLMediaElement.HAVE_METADATA) {
      apply();
      return;
    }
    element.addEventListener('loadedmetadata', apply, { once: true });
    return () => element.removeEventListener('loadedmetadata', apply);
  }, [seek, attempt]);

  return (
    <div className="player">
      <video
        ref={video}
        data-testid="player"
        controls
        playsInline
        aria-label="Player"
        onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
        onError={() => setError('The recording could not be played.')}
      />
      {error && (
        <div className="notice notice--error" role="alert">
          {error}{' '}
          <button type="button" className="link" onClick={() => setAttempt((n) => n + 1)}>
            Reload player
          </button>
        </div>
      )}
    </div>
  );
}
