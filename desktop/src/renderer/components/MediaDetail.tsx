import { useEffect, useState } from 'react';
import type { MediaDto } from '@biblio/shared';
import { Player, type Seek } from './Player.js';
import { StageChips } from './StageChips.js';
import { Transcript } from './Transcript.js';

interface Props {
  media: MediaDto;
  /** A jump requested from outside (a search hit). */
  seek: Seek | null;
}

let nonce = 0;

export function MediaDetail({ media, seek }: Props) {
  const [target, setTarget] = useState<Seek | null>(seek);
  const [time, setTime] = useState(0);
  useEffect(() => setTarget(seek), [seek]);

  const playable = media.status === 'READY' || media.stages.hls?.status === 'done';
  const transcribed = media.status === 'READY' || media.stages.transcribe?.status === 'done';

  return (
    <article className="detail" aria-labelledby="detail-title" data-testid="media-detail" data-media-id={media.id}>
      <h2 id="detail-title">{media.title ?? media.filename}</h2>
      <StageChips media={media} />
      {playable ? (
        <Player mediaId={media.id} seek={target} onTime={setTime} />
      ) : (
        <div className="player-placeholder" role="status">
          {media.status === 'REJECTED' || media.status === 'FAILED'
            ? 'This recording cannot be played.'
            : 'Playback starts as soon as the Streaming stage is done.'}
        </div>
      )}
      <Transcript
        mediaId={media.id}
        available={transcribed}
        currentTime={time}
        onSeek={(seconds) => {
          nonce += 1;
          setTarget({ time: seconds, nonce });
        }}
      />
    </article>
  );
}
