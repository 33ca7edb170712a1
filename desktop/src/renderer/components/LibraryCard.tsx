import { useState } from 'react';
import { SPRITE_TILES, type MediaDto } from '@biblio/shared';
import { formatBytes, formatDate, formatTime } from '../format.js';
import { useMediaImage } from '../hooks/useMediaImage.js';
import { StageChips } from './StageChips.js';
import { useI18n } from '../i18n/I18nProvider.js';

interface Props {
  media: MediaDto;
  onOpen(): void;
}

/** Which sprite frame the pointer is over: the card's width spans the whole recording. */
function frameAt(event: React.PointerEvent<HTMLElement>): number {
  const box = event.currentTarget.getBoundingClientRect();
  const fraction = box.width > 0 ? (event.clientX - box.left) / box.width : 0;
  return Math.min(SPRITE_TILES - 1, Math.max(0, Math.floor(fraction * SPRITE_TILES)));
}

/**
 * One recording in the grid: its poster (a scrub through the sprite under the pointer), length,
 * name, date, and one status; the processing stages show only while they matter.
 */
export function LibraryCard({ media, onOpen }: Props) {
  const { t, locale } = useI18n();
  const name = media.title ?? media.filename;
  const [frame, setFrame] = useState<number | null>(null);
  const poster = useMediaImage(media.id, 'poster', media.thumbnailUrl !== null);
  // The sprite is fetched on the first hover only: most cards are never scrubbed.
  const sprite = useMediaImage(media.id, 'sprite', media.spriteUrl !== null && frame !== null);
  const audio = media.kind === 'audio';

  return (
    <li className="media-card" data-testid="library-row" data-status={media.status} data-media-id={media.id}>
      <button
        type="button"
        className="card-open"
        onClick={onOpen}
        aria-label={t('card.open', { name })}
        onPointerMove={(e) => media.spriteUrl && setFrame(frameAt(e))}
        onPointerLeave={() => setFrame(null)}
      >
        <span className={`card-poster${audio ? ' card-poster--audio' : ''}`}>
          {poster ? (
            <img src={poster} alt="" data-testid="card-poster" />
          ) : (
            <span className="card-poster-placeholder" aria-hidden="true">
              {audio ? '♪' : '▶'}
            </span>
          )}
          {sprite && frame !== null && (
            <span
              className="card-scrub"
              data-testid="card-scrub"
              data-frame={frame}
              style={{
                backgroundImage: `url("${sprite}")`,
                backgroundSize: `${SPRITE_TILES * 100}% 100%`,
                backgroundPosition: `${(frame / (SPRITE_TILES - 1)) * 100}% 0`,
              }}
            />
          )}
          {frame !== null && media.durationSec !== null && (
            <span className="card-scrub-time">{formatTime(((frame + 0.5) / SPRITE_TILES) * media.durationSec)}</span>
          )}
          {media.durationSec !== null && <span className="card-duration">{formatTime(media.durationSec)}</span>}
        </span>
      </button>
      <div className="card-body">
        <h3 className="card-title" title={name}>
          {name}
        </h3>
        <p className="card-meta">
          {media.title && media.title !== media.filename ? <span className="card-file">{media.filename}</span> : null}
          <span>{formatDate(media.createdAt, locale)}</span>
          <span>{formatBytes(media.size, locale)}</span>
          {media.language ? <span className="card-lang">{media.language.toUpperCase()}</span> : null}
        </p>
        <StageChips media={media} />
      </div>
    </li>
  );
}
