import { useState } from 'react';
import type { SearchHit, SearchHitGroup } from '@biblio/shared';
import { formatTime } from '../../format.js';
import { Highlighted } from './Highlighted.js';

const TEXT = {
  resultsLabel: 'Search results',
  searching: 'Searching…',
  failed: 'Search failed:',
  noResults: (query: string) => `No results for “${query}”.`,
  notYet: 'Recordings still processing are not searchable yet.',
  tryInstead: 'Try:',
  moreMoments: (n: number) => (n === 1 ? '1 more moment' : `${n} more moments`),
  fewerMoments: 'Show fewer',
  field: { transcript: 'Transcript', title: 'Title', filename: 'Filename' } as const,
};

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
  if (state.kind === 'idle') return null;
  if (state.kind === 'loading') {
    return (
      <p className="search-status" role="status">
        {TEXT.searching}
      </p>
    );
  }
  if (state.kind === 'error') {
    return (
      <p className="notice notice--error" role="alert">
        {TEXT.failed} {state.message}
      </p>
    );
  }
  if (state.groups.length === 0) {
    return (
      <div className="search-empty" role="status" data-testid="search-empty">
        <p className="search-status">
          {TEXT.noResults(state.query)} {TEXT.notYet}
        </p>
        {state.suggestions.length > 0 && (
          <p className="search-try">
            {TEXT.tryInstead}{' '}
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
    <ul className="search-groups" aria-label={TEXT.resultsLabel}>
      {state.groups.map((group) => (
        <ResultGroup key={group.mediaId} group={group} onPick={onPick} />
      ))}
    </ul>
  );
}

function ResultGroup({ group, onPick }: { group: SearchHitGroup; onPick(hit: SearchHit): void }) {
  const [expanded, setExpanded] = useState(false);
  const [best, ...more] = group.moments;
  if (!best) return null;
  return (
    <li className="search-group" data-testid="search-group">
      <Moment hit={best} recording={group.title ?? group.filename} filename={group.filename} onPick={onPick} />
      {expanded && more.map((hit) => <Moment key={`${hit.field ?? 'transcript'}-${hit.start}`} hit={hit} onPick={onPick} />)}
      {more.length > 0 && (
        <button type="button" className="more-moments" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? TEXT.fewerMoments : TEXT.moreMoments(more.length)}
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
        <span className="hit-field">{TEXT.field[field]}</span>
        {field === 'transcript' && <span className="hit-time">{formatTime(hit.start)}</span>}
        <span className="hit-text">
          <Highlighted text={hit.text} ranges={hit.highlights} />
        </span>
      </span>
    </button>
  );
}
