import { useEffect, useState } from 'react';
import { LISTED_STATUSES, MEDIA_SORTS, type ListedStatus, type MediaKind, type MediaSort } from '@biblio/shared';
import { DEFAULT_FILTERS, isDefaultView, type LibraryFilters } from '../library/filters.js';
import { useT } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/types.js';

const SORT_LABELS: Record<MediaSort, MessageKey> = {
  newest: 'sort.newest',
  oldest: 'sort.oldest',
  title: 'sort.title',
  duration: 'sort.duration',
  size: 'sort.size',
};

const STATUS_LABELS: Record<ListedStatus, MessageKey> = {
  READY: 'status.ready',
  PROCESSING: 'status.processing',
  UPLOADED: 'status.uploaded',
  UPLOADING: 'status.uploading',
  FAILED: 'status.failed',
  REJECTED: 'status.rejected',
  EXPIRED: 'status.expired',
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
  const t = useT();
  const [title, setTitle] = useState(filters.q);
  const [language, setLanguage] = useState(filters.language);
  const set = <K extends keyof LibraryFilters>(key: K, value: LibraryFilters[K]) => onChange({ ...filters, [key]: value });

  useEffect(() => {
    if (title === filters.q && language === filters.language) return;
    const timer = setTimeout(() => onChange({ ...filters, q: title, language }), 300);
    return () => clearTimeout(timer);
  }, [title, language, filters]);

  return (
    <div className="library-toolbar" role="group" aria-label={t('toolbar.label')}>
      <input
        type="search"
        className="toolbar-title"
        aria-label={t('toolbar.findTitle')}
        placeholder={t('toolbar.findPlaceholder')}
        value={title}
        disabled={disabled}
        onChange={(e) => setTitle(e.currentTarget.value)}
      />
      <label className="control">
        <span>{t('toolbar.sort')}</span>
        <select aria-label={t('toolbar.sort')} value={filters.sort} disabled={disabled} onChange={(e) => set('sort', e.currentTarget.value as MediaSort)}>
          {MEDIA_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(SORT_LABELS[sort])}
            </option>
          ))}
        </select>
      </label>
      <label className="control">
        <span>{t('toolbar.status')}</span>
        <select aria-label={t('toolbar.status')} value={filters.status} disabled={disabled} onChange={(e) => set('status', e.currentTarget.value as ListedStatus | '')}>
          <option value="">{t('toolbar.any')}</option>
          {LISTED_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(STATUS_LABELS[status])}
            </option>
          ))}
        </select>
      </label>
      <label className="control">
        <span>{t('toolbar.kind')}</span>
        <select aria-label={t('toolbar.kind')} value={filters.kind} disabled={disabled} onChange={(e) => set('kind', e.currentTarget.value as MediaKind | '')}>
          <option value="">{t('toolbar.any')}</option>
          <option value="video">{t('toolbar.video')}</option>
          <option value="audio">{t('toolbar.audio')}</option>
        </select>
      </label>
      <label className="control control--narrow">
        <span>{t('toolbar.language')}</span>
        <input aria-label={t('toolbar.language')} type="text" value={language} placeholder={t('toolbar.languageAny')} maxLength={35} disabled={disabled} onChange={(e) => setLanguage(e.currentTarget.value)} />
      </label>
      <label className="control">
        <span>{t('toolbar.from')}</span>
        <input aria-label={t('toolbar.from')} type="date" value={filters.from} disabled={disabled} onChange={(e) => set('from', e.currentTarget.value)} />
      </label>
      <label className="control">
        <span>{t('toolbar.to')}</span>
        <input aria-label={t('toolbar.to')} type="date" value={filters.to} disabled={disabled} onChange={(e) => set('to', e.currentTarget.value)} />
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
            {t('toolbar.clear')}
          </button>
        )}
        <button type="button" onClick={onRefresh} disabled={disabled || loading}>
          {t('toolbar.refresh')}
        </button>
      </div>
    </div>
  );
}
