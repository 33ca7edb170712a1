import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaDto } from '@biblio/shared';
import { formatBytes, formatDate, formatTime } from '../format.js';
import { useMediaImage } from '../hooks/useMediaImage.js';
import { usePlayerShortcuts } from '../hooks/usePlayerShortcuts.js';
import { momentLink } from '../library/moment.js';
import { MediaActions } from './MediaActions.js';
import { Player, type Seek } from './Player.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { StageChips } from './StageChips.js';
import { Transcript, type TranscriptHandle } from './Transcript.js';
import { useI18n } from '../i18n/I18nProvider.js';

interface Props {
  media: MediaDto;
  /** A jump requested from outside (a search hit, a moment link). */
  seek: Seek | null;
  onDeleted(): void;
}

let nonce = 0;

/**
 * One recording: the player (sticky, so it stays in view while the transcript scrolls, at every
 * width), its actions, and the transcript that follows playback. Shortcuts work page-wide here.
 */
export function MediaDetail({ media, seek, onDeleted }: Props) {
  const { t, locale } = useI18n();
  const [target, setTarget] = useState<Seek | null>(seek);
  const [time, setTime] = useState(0);
  const [subtitles, setSubtitles] = useState(true);
  const [help, setHelp] = useState(false);
  const [shared, setShared] = useState<{ link: string; copied: boolean } | null>(null);
  const element = useRef<HTMLVideoElement | null>(null);
  const transcript = useRef<TranscriptHandle>(null);
  useEffect(() => setTarget(seek), [seek]);

  const playable = media.status === 'READY' || media.stages.hls?.status === 'done';
  const transcribed = media.status === 'READY' || media.stages.transcribe?.status === 'done';
  const audio = media.kind === 'audio';
  const poster = useMediaImage(media.id, 'poster', media.thumbnailUrl !== null);
  const name = media.title ?? media.filename;

  const onElement = useCallback((el: HTMLVideoElement | null) => {
    element.current = el;
  }, []);
  usePlayerShortcuts({
    media: () => element.current,
    onSubtitles: () => setSubtitles((on) => !on),
    onFind: () => transcript.current?.focusFind(),
    onHelp: () => setHelp((open) => !open),
  });

  const share = (seconds: number) => {
    const link = momentLink(media.id, seconds);
    setShared({ link, copied: false });
    // Clipboard access can be refused (permissions, an unfocused window): the link stays shown to copy by hand.
    navigator.clipboard?.writeText(link).then(
      () => setShared((s) => (s?.link === link ? { link, copied: true } : s)),
      () => undefined,
    );
  };
  const seekTo = (seconds: number) => {
    nonce += 1;
    setTarget({ time: seconds, nonce });
  };

  return (
    <article className="detail" aria-labelledby="detail-title" data-testid="media-detail" data-media-id={media.id}>
      <div className="detail-stage">
        <div className="detail-player" data-testid="player-pane">
          {playable ? (
            <Player
              mediaId={media.id}
              audio={audio}
              poster={poster}
              transcribed={transcribed}
              subtitles={subtitles}
              language={media.language}
              seek={target}
              onTime={setTime}
              onElement={onElement}
            />
          ) : (
            <div className="player-placeholder" role="status">
              {media.status === 'REJECTED' || media.status === 'FAILED'
                ? t('detail.cannotPlay')
                : t('detail.waitStreaming')}
            </div>
          )}
          <div className="player-bar">
            <button type="button" aria-pressed={subtitles} disabled={!playable || !transcribed} onClick={() => setSubtitles((on) => !on)} title={t('detail.subtitlesTitle')}>
              {t(subtitles ? 'detail.subtitlesOn' : 'detail.subtitlesOff')}
            </button>
            <button type="button" disabled={!playable} onClick={() => share(time)} title={t('detail.copyLinkTitle')}>
              {t('detail.copyLinkAt', { time: formatTime(time) })}
            </button>
            <button type="button" className="link" onClick={() => setHelp(true)} aria-label={t('detail.shortcutsLabel')}>
              {t('detail.shortcuts')}
            </button>
          </div>
          {shared && (
            <div className="moment-link" role="status">
              <span>{t(shared.copied ? 'detail.linkCopied' : 'detail.linkToShare')}</span>
              <input type="text" readOnly value={shared.link} aria-label={t('detail.momentLink')} data-testid="moment-link" onFocus={(e) => e.currentTarget.select()} />
            </div>
          )}
        </div>
        <div className="detail-side">
          <header className="detail-head">
            <h2 id="detail-title">{name}</h2>
            <p className="card-meta">
              {media.title && media.title !== media.filename ? <span>{media.filename}</span> : null}
              <span>{formatDate(media.createdAt, locale)}</span>
              <span>{formatBytes(media.size, locale)}</span>
              {media.durationSec !== null && <span>{formatTime(media.durationSec)}</span>}
              {media.language && <span>{media.language.toUpperCase()}</span>}
            </p>
            <StageChips media={media} />
          </header>
          <Transcript ref={transcript} mediaId={media.id} available={transcribed} currentTime={time} onSeek={seekTo} onShare={share} />
          <MediaActions media={media} transcribed={transcribed} onDeleted={onDeleted} />
        </div>
      </div>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </article>
  );
}
