import { useEffect, useRef, useState } from 'react';
import type { SearchHit } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { formatTime } from '../format.js';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  disabled: boolean;
  onPick(hit: SearchHit): void;
}

type Result = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ok'; query: string; hits: SearchHit[] } | { kind: 'error'; message: string };

/** Searches what was said across the library; a hit opens the recording at that second. */
export function SearchBox({ disabled, onPick }: Props) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<Result>({ kind: 'idle' });
  const latest = useRef('');

  const search = (text: string) => {
    const q = text.trim();
    latest.current = q;
    if (q.length === 0) {
      setResult({ kind: 'idle' });
      return;
    }
    setResult({ kind: 'loading' });
    api()
      .invoke('library:search', q)
      .then(
        // Typing fires several searches; only the answer to the newest query may show.
        ({ results }) => latest.current === q && setResult({ kind: 'ok', query: q, hits: results }),
        (e: unknown) => latest.current === q && setResult({ kind: 'error', message: errorMessage(e) }),
      );
  };

  useEffect(() => {
    if (disabled) return;
    const timer = setTimeout(() => (query.trim().length >= 2 ? search(query) : undefined), 350);
    return () => clearTimeout(timer);
  }, [query, disabled]);

  return (
    <div className="search" role="search">
      <form
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          search(query);
        }}
      >
        <input
          type="search"
          aria-label={t('search.label')}
          placeholder={t(disabled ? 'search.placeholderUnpaired' : 'search.placeholder')}
          value={query}
          disabled={disabled}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        <button type="submit" disabled={disabled || query.trim().length === 0}>
          {t('search.submit')}
        </button>
      </form>
      {result.kind === 'loading' && (
        <p className="search-status" role="status">
          {t('search.searching')}
        </p>
      )}
      {result.kind === 'error' && (
        <p className="notice notice--error" role="alert">
          {t('search.failed', { error: result.message })}
        </p>
      )}
      {result.kind === 'ok' && result.hits.length === 0 && (
        <p className="search-status" role="status">
          {t('search.none', { query: result.query })}
        </p>
      )}
      {result.kind === 'ok' && result.hits.length > 0 && (
        <ul className="search-results" aria-label={t('search.results')}>
          {result.hits.map((hit) => (
            <li key={`${hit.mediaId}-${hit.start}`}>
              <button type="button" className="hit" data-testid="search-result" data-start={hit.start} onClick={() => onPick(hit)}>
                <span className="hit-time">{formatTime(hit.start)}</span>
                <span className="hit-text">{hit.text}</span>
                <span className="hit-file">{hit.filename}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
