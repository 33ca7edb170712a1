/**
 * Which words of a text to highlight for a search: every written word that holds (part of) an
 * occurrence of a matching term run. Offsets are UTF-16 code units of the ORIGINAL text (what a
 * UI slices), while matching happens on normalised terms, so the words are taken from the
 * original text and normalised one by one.
 */
import { runStarts } from './search-query.js';
import { allTerms } from './text-tokens.js';

export interface HighlightRange {
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Highlight ranges (sorted, merged when adjacent words both match) for `runs` in `text`. */
export function highlightRanges(text: string, runs: readonly (readonly string[])[]): HighlightRange[] {
  const spans: { start: number; end: number; firstTerm: number; terms: number }[] = [];
  const terms: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const own = allTerms(match[0]);
    spans.push({ start: match.index, end: match.index + match[0].length, firstTerm: terms.length, terms: own.length });
    terms.push(...own);
  }
  const marked = new Array<boolean>(terms.length).fill(false);
  for (const run of runs) {
    for (const start of runStarts(terms, run)) for (let i = start; i < start + run.length; i++) marked[i] = true;
  }
  const ranges: HighlightRange[] = [];
  for (const span of spans) {
    let hit = false;
    for (let i = span.firstTerm; i < span.firstTerm + span.terms; i++) hit ||= marked[i]!;
    if (!hit) continue;
    const last = ranges[ranges.length - 1];
    // Words separated by one space (or nothing) read as one highlighted phrase.
    if (last && /^\s?$/u.test(text.slice(last.end, span.start))) last.end = span.end;
    else ranges.push({ start: span.start, end: span.end });
  }
  return ranges;
}
