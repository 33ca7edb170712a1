import { useEffect, useRef, useState } from 'react';
import Hls from 'hls.js';
import { api, errorMessage } from '../biblio.js';
import { useSubtitleTrack } from '../hooks/useSubtitleTrack.js';
import { AudioStage } from './AudioStage.js';
import { useT } from '../i18n/I18nProvider.js';

export interface Seek {
  time: number;
  nonce: number;
}

interface Props {
  mediaId: string;
  audio: boolean;
  /** The poster: for audio, the waveform image the playhead moves over. */
  poster: string | null;
  /** Whether the transcript exists, so a subtitles track can be offered. */
  transcribed: boolean;
  subtitles: boolean;
  language: string | null;
  seek: Seek | null;
  onTime(seconds: number): void;
  /** The media element, for keyboard shortcuts and moment links. */
  onElement(element: HTMLVideoElement | null): void;
}

/**
 * Plays the appliance's signed HLS URL. The signature is the credential (segments cannot carry a
 * bearer header), so the URL comes from the core per play and is never stored.
 */
export function Player({ mediaId, audio, poster, transcribed, subtitles, language, seek, onTime, onElement }: Props) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [clock, setClock] = useState({ time: 0, duration: 0 });
  const track = useSubtitleTrack(mediaId, transcribed);

  useEffect(() => {
    onElement(video.current);
    return () => onElement(null);
  }, [onElement]);

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
              if (data.fatal) setError(t('player.streamStopped', { details: data.details }));
            });
            hls.loadSource(url);
            hls.attachMedia(element);
          } else if (element.canPlayType('application/vnd.apple.mpegurl')) {
            element.src = url;
          } else {
            setError(t('player.noHls'));
          }
        },
        (e: unknown) => {
          if (!cancelled) setError(t('player.startFailed', { error: errorMessage(e) }));
        },
      );
    return () => {
      cancelled = true;
      hls?.destroy();
    };
  }, [mediaId, attempt]);

  // A jump waits in `pendingSeek` until the element has metadata, and the element's own
  // loadedmetadata handler applies it: a listener added here could miss it (metadata arriving
  // between the check and the listener, or a stream re-attached to the element), which left a
  // moment link opened in a new tab at 0:00 in a loaded clean-clone run.
  const pendingSeek = useRef<Seek | null>(null);
  useEffect(() => {
    const element = video.current;
    if (!seek) return;
    if (element && element.readyState >= HTMLMediaElement.HAVE_METADATA) {
      pendingSeek.current = null;
      jumpTo(element, seek.time);
    } else {
      pendingSeek.current = seek;
    }
  }, [seek, attempt]);

  // The <track> element's own `default` only counts when it is added; later toggles set the mode.
  useEffect(() => {
    const element = video.current;
    if (!element || !track) return;
    const apply = () => {
      for (const textTrack of Array.from(element.textTracks)) textTrack.mode = subtitles ? 'showing' : 'hidden';
    };
    apply();
    element.textTracks.addEventListener('addtrack', apply);
    return () => element.textTracks.removeEventListener('addtrack', apply);
  }, [subtitles, track]);

  return (
    <div className={`player${audio ? ' player--audio' : ''}`}>
      {audio && (
        <AudioStage
          waveform={poster}
          time={clock.time}
          duration={clock.duration}
          onSeek={(seconds) => {
            if (video.current) video.current.currentTime = seconds;
          }}
        />
      )}
      <video
        ref={video}
        data-testid="player"
        controls
        playsInline
        aria-label={t('player.label')}
        poster={audio ? undefined : (poster ?? undefined)}
        onTimeUpdate={(e) => {
          const { currentTime, duration } = e.currentTarget;
          onTime(currentTime);
          setClock({ time: currentTime, duration: Number.isFinite(duration) ? duration : 0 });
        }}
        onLoadedMetadata={(e) => {
          // Read now: React clears currentTarget before a state updater would run.
          const element = e.currentTarget;
          const { duration } = element;
          setClock((c) => ({ ...c, duration: Number.isFinite(duration) ? duration : 0 }));
          const waiting = pendingSeek.current;
          pendingSeek.current = null;
          if (waiting) jumpTo(element, waiting.time);
        }}
        onError={() => setError(t('player.unplayable'))}
      >
        {track && <track kind="subtitles" src={track} srcLang={language ?? 'und'} label={t('player.track')} default={subtitles} />}
      </video>
      {error && (
        <div className="notice notice--error" role="alert">
          {error}{' '}
          <button type="button" className="link" onClick={() => setAttempt((n) => n + 1)}>
            {t('player.reload')}
          </button>
        </div>
      )}
    </div>
  );
}

/** A jump is a request to hear that moment; autoplay rules may refuse, then the user presses play. */
function jumpTo(element: HTMLVideoElement, seconds: number): void {
  element.currentTime = seconds;
  element.play().catch(() => undefined);
}
