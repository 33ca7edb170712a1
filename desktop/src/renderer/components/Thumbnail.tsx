import { useT } from '../i18n/I18nProvider.js';

interface Props {
  /** A data: URL made by the core's FFmpeg preview, or null (audio, not ready yet, or failed). */
  src: string | null;
  mimeType: string;
  name: string;
}

export function Thumbnail({ src, mimeType, name }: Props) {
  const t = useT();
  if (src) return <img className="thumb" src={src} alt={t('thumb.alt', { name })} data-testid="thumbnail" />;
  const audio = mimeType.startsWith('audio/');
  return (
    <div className={`thumb thumb--placeholder${audio ? ' thumb--audio' : ''}`} role="img" aria-label={t(audio ? 'thumb.audio' : 'thumb.video')}>
      {audio ? '♪' : '▶'}
    </div>
  );
}
