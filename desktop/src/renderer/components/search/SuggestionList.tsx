import type { SuggestResponseDto } from '@biblio/shared';
import { useT } from '../../i18n/I18nProvider.js';


type Suggestion = SuggestResponseDto['suggestions'][number];

interface Props {
  id: string;
  suggestions: readonly Suggestion[];
  /** Index of the keyboard-chosen option; -1 for none. */
  active: number;
  onPick(suggestion: Suggestion): void;
}

export function suggestionOptionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}

/** The combobox's listbox: completions of what is typed, picked by click or by keyboard. */
export function SuggestionList({ id, suggestions, active, onPick }: Props) {
  const t = useT();
  return (
    <ul id={id} role="listbox" aria-label={t('suggest.label')} className="suggestions" data-testid="search-suggestions">
      {suggestions.map((suggestion, index) => (
        <li
          key={`${suggestion.kind}-${suggestion.text}-${suggestion.mediaId ?? ''}`}
          id={suggestionOptionId(id, index)}
          role="option"
          aria-selected={index === active}
          className="suggestion"
          // mousedown, not click: the input must keep focus (its blur closes the list).
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(suggestion);
          }}
        >
          <span className="suggestion-text">{suggestion.text}</span>
          <span className="suggestion-kind">{suggestion.kind === 'title' ? t('suggest.kindTitle') : t('suggest.kindWords')}</span>
        </li>
      ))}
    </ul>
  );
}
