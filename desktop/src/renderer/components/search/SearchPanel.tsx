import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { SearchHit, SuggestResponseDto } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import { useT } from '../../i18n/I18nProvider.js';
import { groupsOf } from '../../search/groups.js';
import { moveActive } from '../../search/listbox.js';
import { Typeahead } from '../../search/typeahead.js';
import { SearchResults, type SearchState } from './SearchResults.js';
import { SuggestionList, suggestionOptionId } from './SuggestionList.js';
import './search.css';


/** Search waits for a pause in typing; suggestions answer sooner so they keep up. */
const SEARCH_DELAY_MS = 250;
const SUGGEST_DELAY_MS = 120;

type Suggestion = SuggestResponseDto['suggestions'][number];

interface Props {
  disabled: boolean;
  onPick(hit: SearchHit): void;
}

/**
 * Search as you type across transcripts, titles and file names, with completions in an ARIA
 * combobox. Korean IME input asks nothing until a syllable is composed (see Typeahead).
 */
export function SearchPanel({ disabled, onPick }: Props) {
  const t = useT();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [state, setState] = useState<SearchState>({ kind: 'idle' });
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  const [search] = useState(
    () =>
      new Typeahead({
        delayMs: SEARCH_DELAY_MS,
        clear: () => setState({ kind: 'idle' }),
        request: (q, ticket) => {
          // Earlier results stay in view until the newer answer replaces them (no flicker per keystroke).
          setState((previous) => (previous.kind === 'ok' ? previous : { kind: 'loading' }));
          api()
            .invoke('library:search', q)
            .then(
              (answer) => search.isCurrent(ticket) && setState({ kind: 'ok', query: q, groups: groupsOf(answer), suggestions: answer.suggestions ?? [] }),
              (e: unknown) => search.isCurrent(ticket) && setState({ kind: 'error', message: errorMessage(e) }),
            );
        },
      }),
  );
  const [suggest] = useState(
    () =>
      new Typeahead({
        delayMs: SUGGEST_DELAY_MS,
        clear: () => setSuggestions([]),
        request: (q, ticket) => {
          api()
            .invoke('library:suggest', q)
            .then(
              (answer) => {
                if (!suggest.isCurrent(ticket)) return;
                setSuggestions(answer.suggestions);
                setActive(-1);
              },
              // Completions are a convenience: a failure leaves the list empty, the search still works.
              () => suggest.isCurrent(ticket) && setSuggestions([]),
            );
        },
      }),
  );
  useEffect(
    () => () => {
      search.dispose();
      suggest.dispose();
    },
    [search, suggest],
  );

  const runNow = (text: string) => {
    setQuery(text);
    setOpen(false);
    setActive(-1);
    suggest.dispose();
    search.submit(text);
  };

  const showList = open && suggestions.length > 0 && query.trim().length > 0;

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Keys pressed while an IME composes belong to the IME (Enter commits the syllable).
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (suggestions.length === 0) return;
      e.preventDefault();
      setOpen(true);
      setActive(showList ? moveActive(active, suggestions.length, e.key) : e.key === 'ArrowDown' ? 0 : suggestions.length - 1);
    } else if (e.key === 'Enter' && showList && active >= 0) {
      e.preventDefault();
      runNow(suggestions[active]!.text);
    } else if (e.key === 'Escape' && showList) {
      // The first Escape closes the list; a second one reaches the search box (which clears it).
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="search" role="search">
      <form
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          runNow(query);
        }}
      >
        <div className="search-combo">
          <input
            type="search"
            role="combobox"
            aria-label={t('search.label')}
            aria-expanded={showList}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={showList && active >= 0 ? suggestionOptionId(listId, active) : undefined}
            autoComplete="off"
            placeholder={disabled ? t('search.placeholderUnpaired') : t('search.placeholder')}
            value={query}
            disabled={disabled}
            onChange={(e) => {
              const text = e.currentTarget.value;
              const composing = (e.nativeEvent as InputEvent).isComposing === true;
              setQuery(text);
              setOpen(true);
              setActive(-1);
              search.input(text, composing);
              suggest.input(text, composing);
            }}
            onCompositionStart={() => {
              search.compositionStart();
              suggest.compositionStart();
            }}
            onCompositionEnd={(e) => {
              const text = e.currentTarget.value;
              search.compositionEnd(text);
              suggest.compositionEnd(text);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            onFocus={() => setOpen(true)}
          />
          {showList && <SuggestionList id={listId} suggestions={suggestions} active={active} onPick={(s) => runNow(s.text)} />}
        </div>
        <button type="submit" disabled={disabled || query.trim().length === 0}>
          {t('search.submit')}
        </button>
      </form>
      <SearchResults state={state} onPick={onPick} onTry={runNow} />
    </div>
  );
}
