import { useEffect, useMemo, useRef, useState } from 'react';
import type { MediaDto } from '@biblio/shared';
import { api } from '../biblio.js';
import type { Library } from '../hooks/useLibrary.js';
import { useMediaPages } from '../hooks/useMediaPages.js';
import { DEFAULT_FILTERS, isDefaultView, type LibraryFilters } from '../library/filters.js';
import { LibraryCard } from './LibraryCard.js';
import { LibraryToolbar } from './LibraryToolbar.js';
import { MediaDetail } from './MediaDetail.js';
import { useT } from '../i18n/I18nProvider.js';
import { SearchPanel } from './search/SearchPanel.js';

/** Which media is open and where to seek; `nonce` makes a repeated jump to the same second count. */
export interface Focus {
  mediaId: string;
  time: number | null;
  nonce: number;
}

interface Props {
  /** The whole library kept live by events: the open recording's status comes from here. */
  library: Library;
  /** Who we are connected as; null while not connected. */
  user: string | null;
  focus: Focus | null;
  onFocus(mediaId: string, time?: number | null): void;
  onClose(): void;
  onOpenSettings(): void;
}

/**
 * The library: a grid of cards (sort, filters, title search, pages) and, when one is open, its
 * detail view in place of the grid, so the player is at the top of the page at every width. The
 * grid stays mounted while a recording is open: Back returns to the same cards and scroll.
 */
export function LibraryScreen({ library, user, focus, onFocus, onClose, onOpenSettings }: Props) {
  const t = useT();
  const connected = user !== null;
  const [filters, setFilters] = useState<LibraryFilters>(DEFAULT_FILTERS);
  const pages = useMediaPages(filters, user);
  const open = useOpenMedia(focus?.mediaId ?? null, library, pages.items);
  const scrollBack = useRef(0);

  useEffect(() => {
    if (focus) {
      scrollBack.current = scrollBack.current || window.scrollY;
      window.scrollTo({ top: 0 });
    } else if (scrollBack.current) {
      window.scrollTo({ top: scrollBack.current });
      scrollBack.current = 0;
    }
  }, [focus]);

  const sentinel = useInfiniteScroll(pages.hasMore && !pages.loading && !pages.error && !focus, pages.loadMore);

  let body;
  if (!connected && pages.items.length === 0) {
    body = (
      <div className="empty">
        <p>{t('library.unpaired')}</p>
        <button type="button" onClick={onOpenSettings}>
          {t('banner.openSettings')}
        </button>
      </div>
    );
  } else if (pages.error && pages.items.length === 0) {
    body = (
      <div className="empty" role="alert">
        <p>{t('library.loadError', { error: pages.error })}</p>
        <button type="button" onClick={pages.reload}>
          {t('library.tryAgain')}
        </button>
      </div>
    );
  } else if (pages.items.length === 0) {
    body = (
      <p className="empty" data-testid="library-empty">
        {pages.loading
          ? t('library.loading')
          : isDefaultView(filters)
            ? t('library.emptyAll')
            : t('library.emptyFiltered')}
      </p>
    );
  } else {
    body = (
      <>
        <ul className="card-grid" aria-label={t('library.grid')} data-testid="library-grid">
          {pages.items.map((media) => (
            <LibraryCard key={media.id} media={media} onOpen={() => onFocus(media.id)} />
          ))}
        </ul>
        <div className="grid-foot" ref={sentinel}>
          {pages.error && (
            <p className="notice notice--error" role="alert">
              {t('library.moreError', { error: pages.error })}
            </p>
          )}
          {pages.hasMore ? (
            <button type="button" onClick={pages.loadMore} disabled={pages.loading} data-testid="load-more">
              {pages.loading ? t('library.loading') : t('library.loadMore')}
            </button>
          ) : (
            <p className="grid-end" data-testid="library-end">
              {t('library.count', { count: pages.items.length })}
            </p>
          )}
        </div>
      </>
    );
  }

  return (
    <section className="screen" aria-labelledby="library-title">
      <div className="screen-head library-head">
        <h1 id="library-title" className={focus ? 'visually-hidden' : undefined}>
          {t('library.title')}
        </h1>
        {focus && (
          <button type="button" className="back" onClick={onClose}>
            {t('library.back')}
          </button>
        )}
        <SearchPanel disabled={!connected} onPick={(hit) => onFocus(hit.mediaId, hit.start)} />
      </div>
      {focus && (
        <MediaView media={open.media} error={open.error} focus={focus} onClose={onClose} />
      )}
      <div hidden={focus !== null} className="library-browse">
        <LibraryToolbar filters={filters} onChange={setFilters} disabled={!connected} onRefresh={pages.reload} loading={pages.loading} />
        {body}
      </div>
    </section>
  );
}

function MediaView({ media, error, focus, onClose }: { media: MediaDto | null; error: string | null; focus: Focus; onClose(): void }) {
  const t = useT();
  // One object per jump: a new one on every render would jump the player back to the moment
  // whenever the library re-renders (a live event for any other recording did it).
  const seek = useMemo(() => (focus.time !== null ? { time: focus.time, nonce: focus.nonce } : null), [focus.time, focus.nonce]);
  if (media) {
    return (
      <MediaDetail
        key={media.id}
        media={media}
        seek={seek}
        onDeleted={onClose}
      />
    );
  }
  return (
    <p className={error ? 'notice notice--error' : 'empty'} role={error ? 'alert' : 'status'}>
      {error ? t('library.openError', { error }) : t('library.opening')}
    </p>
  );
}

/**
 * The open recording, live: from the event-fed library when it is there, else from the loaded
 * page, else asked of the appliance (a moment link to a recording not loaded yet).
 */
function useOpenMedia(mediaId: string | null, library: Library, items: MediaDto[]): { media: MediaDto | null; error: string | null } {
  const [fetched, setFetched] = useState<{ media: MediaDto | null; error: string | null }>({ media: null, error: null });
  const known = mediaId ? (library.media.find((m) => m.id === mediaId) ?? items.find((m) => m.id === mediaId) ?? null) : null;
  useEffect(() => {
    setFetched({ media: null, error: null });
    if (!mediaId || known) return;
    let live = true;
    api()
      .invoke('library:get', mediaId)
      .then(
        (media) => live && setFetched({ media, error: null }),
        (e: unknown) => live && setFetched({ media: null, error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
    // Fetch once per recording; `known` only decides whether that is needed.
  }, [mediaId, known === null]);
  return known ? { media: known, error: null } : fetched;
}

/** Calls `more` when the end of the grid scrolls into view ("Load more" stays for keyboards). */
function useInfiniteScroll(enabled: boolean, more: () => void) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const latest = useRef(more);
  latest.current = more;
  useEffect(() => {
    if (!enabled || !element) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && latest.current(), { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled, element]);
  return setElement;
}
