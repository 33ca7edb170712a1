import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryPageQuery, MediaDto, MediaEvent } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { isDefaultView, toPageQuery, type LibraryFilters } from '../library/filters.js';
import { onAnnouncedMedia, replaceIn } from '../library/local-updates.js';

export interface MediaPages {
  items: MediaDto[];
  loading: boolean;
  error: string | null;
  /** More pages exist on the appliance (the last answer had a cursor). */
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

/** Cards per page: a few rows of the grid at any width. */
export const PAGE_SIZE = 24;

/** Keeps loaded cards current from server-sent events, without re-sorting what the appliance sorted. */
function applyEvent(list: MediaDto[], event: MediaEvent, defaultView: boolean): MediaDto[] {
  if (event.type === 'media.deleted') return list.filter((m) => m.id !== event.mediaId);
  const media = event.media;
  if (event.type === 'upload.progress' || !media) return list;
  if (list.some((m) => m.id === media.id)) return list.map((m) => (m.id === media.id ? media : m));
  // A new upload belongs on top of "newest, everything"; under a filter or another sort its place
  // is the appliance's to say, so it shows after Refresh.
  return event.type === 'media.created' && defaultView ? [media, ...list] : list;
}

/**
 * The library as pages of GET /api/media for the chosen sort and filters. Changing them starts
 * from the first page again; `loadMore` follows the appliance's cursor, so items that arrive
 * meanwhile never repeat or go missing.
 */
export function useMediaPages(filters: LibraryFilters, connectedAs: string | null): MediaPages {
  const [items, setItems] = useState<MediaDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  // Only the newest request may write: a slow first page must not land after a filter change.
  const request = useRef(0);
  const key = JSON.stringify(filters);
  const defaultView = isDefaultView(filters);

  const fetchPage = useCallback(
    (query: LibraryPageQuery, append: boolean) => {
      const mine = ++request.current;
      setLoading(true);
      api()
        .invoke('library:page', query)
        .then(
          (page) => {
            if (mine !== request.current) return;
            setItems((list) => {
              if (!append) return page.media;
              const seen = new Set(list.map((m) => m.id));
              return [...list, ...page.media.filter((m) => !seen.has(m.id))];
            });
            setCursor(page.nextCursor);
            setError(null);
          },
          (e: unknown) => mine === request.current && setError(errorMessage(e)),
        )
        .finally(() => mine === request.current && setLoading(false));
    },
    [],
  );

  useEffect(() => {
    if (connectedAs === null) {
      request.current += 1;
      setItems([]);
      setCursor(null);
      setLoading(false);
      return;
    }
    setItems([]);
    setCursor(null);
    fetchPage({ ...toPageQuery(filters), limit: PAGE_SIZE }, false);
    // `key` stands for `filters` (a new object each render would refetch for ever).
  }, [key, connectedAs, generation, fetchPage]);

  useEffect(() => api().on('media:event', (event) => setItems((list) => applyEvent(list, event, defaultView))), [defaultView]);
  useEffect(() => onAnnouncedMedia((media) => setItems((list) => replaceIn(list, media))), []);

  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    fetchPage({ ...toPageQuery(filters), limit: PAGE_SIZE, cursor }, true);
  }, [cursor, loading, key, fetchPage]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { items, loading, error, hasMore: cursor !== null, loadMore, reload };
}
