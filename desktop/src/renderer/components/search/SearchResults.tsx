import { useState } from 'react';
import type { SearchHit, SearchHitGroup } from '@biblio/shared';
import { formatTime } from '../../format.js';
import { useT } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/types.js';
import { Highlighted } from './Highlighted.js';

const FIELD_NAMES = {
  transcript: 'search.field.transcript',
  title: 'search.field.title',
  filename: 'search.field.filename',
} as const satisfies Record<NonNullable<SearchHit['field']>, MessageKey>;


export type SearchState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ok'; query: string; groups: SearchHitGroup[]; suggestions: string[] }
  | { kind: 'error'; message: string };

interface Props {
  state: SearchState;
  onPick(hit: SearchHit): void;
  /** A suggested query chip was chosen. */
  onTry(query: string): void;
}

/** Results by recording, best moment first; "N more moments" expands the rest. */
export function SearchResults({ state, onPick, onTry }: Props) {
  const t = useT();
  if (state.kind === 'idle') return null;
  if (state.kind === 'loading') {
    return (
      <p className="search-status" role="status">
        {t('search.searching')}
      </p>
    );
  }
  if (state.kind === 'error') {
    return (
      <p className="notice notice--error" role="alert">
        {t('search.failed', { error: state.message })}
      </p>
    );
  }
  if (state.groups.length === 0) {
    return (
      <div className="search-empty" role="status" data-testid="search-empty">
        <p className="search-status">
          {t('search.noResults', { query: state.query })} {t('search.notYet')}
        </p>
        {state.suggestions.length > 0 && (
          <p className="search-try">
            {t('search.tryInstead')}{' '}
            {state.suggestions.map((suggestion) => (
              <button key={suggestion} type="button" className="try-chip" data-testid="search-try" onClick={() => onTry(suggestion)}>
                {suggestion}
              </button>
            ))}
          </p>
        )}
      </div>
    );
  }
  return (
    <ul className="search-groups" aria-label={t('search.results')}>
      {state.groups.map((group) => (
        <ResultGroup key={group.mediaId} group={group} onPick={onPick} />
      ))}
    </ul>
  );
}

function ResultGroup({ group, onPick }: { group: SearchHitGroup; onPick(hit: SearchHit): void }) {
  const t = useT();
  const [expanded, setExpanded] = useState(false);
  const [best, ...more] = group.moments;
  if (!best) return null;
  return (
    <li className="search-group" data-testid="search-group">
      <Moment hit={best} recording={group.title ?? group.filename} filename={group.filename} onPick={onPick} />
      {expanded && more.map((hit) => <Moment key={`${hit.field ?? 'transcript'}-${hit.start}`} hit={hit} onPick={onPick} />)}
      {more.length > 0 && (
        <button type="button" className="more-moments" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('search.fewerMoments') : t('search.moreMoments', { count: more.length })}
        </button>
      )}
    </li>
  );
}

interface MomentProps {
  hit: SearchHit;
  /** The recording's name, on its best moment only. */
  recording?: string;
  filename?: string;
  onPick(hit: SearchHit): void;
}

function Moment({ hit, recording, filename, onPick }: MomentProps) {
  const t = useT();
  const field = hit.field ?? 'transcript';
  return (
    <button type="button" className="hit moment" data-testid="search-result" data-field={field} data-start={hit.start} onClick={() => onPick(hit)}>
      {recording !== undefined && (
        <span className="moment-recording">
          {recording}
          {filename !== undefined && filename !== recording && <span className="hit-file"> · {filename}</span>}
        </span>
      )}
      <span className="moment-line">
        <span className="hit-field">{t(FIELD_NAMES[field])}</span>
        {field === 'transcript' && <span className="hit-time">{formatTime(hit.start)}</span>}
        <span className="hit-text">
          <Highlighted text={hit.text} ranges={hit.highlights} />
        </span>
      </span>
    </button>
  );
}
