import type { HighlightDto } from '@biblio/shared';
import { highlightParts } from '../../search/highlight.js';

/** Text with the matched stretches in <mark>: React text nodes, so nothing is parsed as HTML. */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly HighlightDto[] | undefined }) {
  return (
    <>
      {highlightParts(text, ranges).map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}
