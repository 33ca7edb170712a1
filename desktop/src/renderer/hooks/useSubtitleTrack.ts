import { useEffect, useState } from 'react';
import { api } from '../biblio.js';

/**
 * The transcript as a WebVTT track for the player: the core fetches the text (the route wants
 * the token), and a blob: URL serves it to <track>, which the page's CSP allows as media.
 * Null until the transcript exists or when it could not be read (the player works without it).
 */
export function useSubtitleTrack(mediaId: string, available: boolean): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!available) return;
    let live = true;
    let made: string | null = null;
    api()
      .invoke('library:subtitles', mediaId)
      .then(
        (vtt) => {
          if (!live) return;
          made = URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
          setUrl(made);
        },
        () => undefined,
      );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [mediaId, available]);
  return url;
}
