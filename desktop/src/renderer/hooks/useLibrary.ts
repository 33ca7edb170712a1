import { useCallback, useEffect, useState } from 'react';
import type { MediaDto, MediaEvent } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { onAnnouncedMedia, replaceIn } from '../library/local-updates.js';

export interface Library {
  media: MediaDto[];
  loading: boolean;
  error: string | null;
  reload(): void;
}

function newestFirst(a: MediaDto, b: MediaDto): number {
  return b.createdAt.localeCompare(a.createdAt);
}

/** Applies one server-sent event to the list, so stage chips move without polling. */
function apply(list: MediaDto[], event: MediaEvent): MediaDto[] {
  if (event.type === 'media.deleted') return list.filter((m) => m.id !== event.mediaId);
  if (event.type === 'upload.progress') {
    const bytes = event.uploadedBytes;
    if (bytes === undefined) return list;
    return list.map((m) => (m.id === event.mediaId ? { ...m, uploadedBytes: bytes } : m));
  }
  const media = event.media;
  if (!media) return list;
  const rest = list.filter((m) => m.id !== media.id);
  return [media, ...rest].sort(newestFirst);
}

/**
 * The owner's media on the appliance, kept live by `media:event`. Reloads when (re)connected,
 * and starts empty when the identity changes (re-paired with another user's token), so one
 * user's list is never shown under another's name.
 */
export function useLibrary(connectedAs: string | null): Library {
  const connected = connectedAs !== null;
  const [media, setMedia] = useState<MediaDto[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => api().on('media:event', (event) => setMedia((list) => apply(list, event))), []);
  useEffect(() => onAnnouncedMedia((changed) => setMedia((list) => replaceIn(list, changed))), []);

  useEffect(() => setMedia([]), [connectedAs]);

  useEffect(() => {
    if (!connected) return;
    let live = true;
    setLoading(true);
    api()
      .invoke('library:list')
      .then(
        (list) => {
          if (!live) return;
          setMedia([...list].sort(newestFirst));
          setError(null);
        },
        (e: unknown) => {
          if (live) setError(errorMessage(e));
        },
      )
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [connected, connectedAs, generation]);

  return { media, loading, error, reload };
}
