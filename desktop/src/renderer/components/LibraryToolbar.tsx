import { useEffect, useState } from 'react';
import { LISTED_STATUSES, MEDIA_SORTS, type ListedStatus, type MediaKind, type MediaSort } from '@biblio/shared';
import { DEFAULT_FILTERS, isDefaultView, type LibraryFilters } from '../library/filters.js';

const SORT_LABELS: Record<MediaSort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  title: 'Title A–Z',
  duration: 'Longest first',
  size: 'Largest first',
};

const STATUS_LABELS: Record<ListedStatus, string> = {
  READY: 'Ready',
  PROCESSING: 'Processing',
  UPLOADED: 'Uploaded',
  UPLOADING: 'Uploading',
  FAILED: 'Failed',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
};

interface Props {
  filters: LibraryFilters;
  onChange(filters: LibraryFilters): void;
  onRefresh(): void;
  loading: boolean;
  disabled: boolean;
}

/** Sort, filters and the title search of the library grid. Typing settles for a moment before it asks. */
export function LibraryToolbar({ filters, onChange, onRefresh, loading, disabled }: Props) {
  const [title, setTitle] = useState(filters.q);
  const [language, setLanguage] = useState(filters.language);
  const set = <K extends keyof LibraryFilters>(key: K, value: LibraryFilters[K]) => onChange({ ...filters, [key]: value });

  useEffect(() => {
    if (title === filters.q && language === filters.language) return;
    const timer = setTimeout(() => onChange({ ...filters, q: title, language }), 300);
    return () => clearTimeout(timer);
  }, [title, language, filters]);

  return (
    <div className="library-toolbar" role="group" aria-label="Sort and filter">
      <input
        type="search"
        className="toolbar-title"
        aria-label="Find by title"
        placeholder="Find by title or file name"
        value={title}
        disabled={disabled}
        onChange={(e) => setTitle(e.currentTarget.value)}
      />
      <label className="control">
        <span>Sort</span>
        <select aria-label="Sort" value={filters.sort} disabled={disabled} onChange={(e) => set('sort', e.currentTarget.value as MediaSort)}>
          {MEDIA_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </label>
      <label className="control">
        <span>Status</span>
        <select aria-label="Status" value={filters.status} disabled={disabled} onChange={(e) => set('status', e.currentTarget.value as ListedStatus | '')}>
          <option value="">Any</option>
          {LISTED_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label className="control">
        <span>Kind</span>
        <select aria-label="Kind" value={filters.kind} disabled={disabled} onChange={(e) => set('kind', e.currentTarget.value as MediaKind | '')}>
          <option value="">Any</option>
          <option value="video">Video</option>
          <option value="audio">Audio</option>
        </select>
      </label>
      <label className="control control--narrow">
        <span>Language</span>
        <input aria-label="Language" type="text" value={language} placeholder="any" maxLength={35} disabled={disabled} onChange={(e) => setLanguage(e.currentTarget.value)} />
      </label>
      <label className="control">
        <span>From</span>
        <input aria-label="From" type="date" value={filters.from} disabled={disabled} onChange={(e) => set('from', e.currentTarget.value)} />
      </label>
      <label className="control">
        <span>To</span>
        <input aria-label="To" type="date" value={filters.to} disabled={disabled} onChange={(e) => set('to', e.currentTarget.value)} />
      </label>
      <div className="toolbar-actions">
        {!isDefaultView(filters) && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setTitle('');
              setLanguage('');
              onChange(DEFAULT_FILTERS);
            }}
          >
            Clear filters
          </button>
        )}
        <button type="button" onClick={onRefresh} disabled={disabled || loading}>
          Refresh
        </button>
      </div>
    </div>
  );
}
