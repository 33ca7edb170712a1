import { formatTime } from '../format.js';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  /** The appliance's waveform image (a data: URL), or null while it loads. */
  waveform: string | null;
  time: number;
  duration: number;
  onSeek(seconds: number): void;
}

/** What an audio recording shows instead of an empty picture: its waveform with a moving playhead. */
export function AudioStage({ waveform, time, duration, onSeek }: Props) {
  const t = useT();
  const fraction = duration > 0 ? Math.min(1, Math.max(0, time / duration)) : 0;
  return (
    <div
      className="audio-stage"
      data-testid="audio-stage"
      role="slider"
      tabIndex={-1}
      aria-label={t('audio.position')}
      aria-valuemin={0}
      aria-valuemax={Math.round(duration)}
      aria-valuenow={Math.round(time)}
      aria-valuetext={t('audio.positionText', { time: formatTime(time), duration: formatTime(duration) })}
      onClick={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        if (duration > 0 && box.width > 0) onSeek(((e.clientX - box.left) / box.width) * duration);
      }}
    >
      {waveform ? <img src={waveform} alt="" className="audio-wave" /> : <div className="audio-wave audio-wave--empty" />}
      <div className="audio-played" style={{ width: `${fraction * 100}%` }} />
      <div className="audio-playhead" data-testid="playhead" style={{ left: `${fraction * 100}%` }} />
      <span className="audio-clock">
        {formatTime(time)} / {formatTime(duration)}
      </span>
    </div>
  );
}
