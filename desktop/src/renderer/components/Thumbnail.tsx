interface Props {
  /** A data: URL made by the core's FFmpeg preview, or null (audio, not ready yet, or failed). */
  src: string | null;
  mimeType: string;
  name: string;
}

export function Thumbnail({ src, mimeType, name }: Props) {
  if (src) return <img className="thumb" src={src} alt={`Thumbnail of ${name}`} data-testid="thumbnail" />;
  const audio = mimeType.startsWith('audio/');
  return (
    <div className={`thumb thumb--placeholder${audio ? ' thumb--audio' : ''}`} role="img" aria-label={audio ? 'Audio file' : 'Video file'}>
      {audio ? '♪' : '▶'}
    </div>
  );
}
