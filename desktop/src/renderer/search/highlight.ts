/** A stretch of text, marked when it matched the query. */
export interface TextPart {
  text: string;
  marked: boolean;
}

/**
 * Splits `text` at the appliance's highlight ranges (UTF-16 offsets, end exclusive) so the
 * renderer can wrap matches in <mark> as text nodes, never as HTML. Ranges out of bounds are
 * clipped, overlapping ones merged, so a bad range can never drop or repeat characters.
 */
export function highlightParts(text: string, ranges: readonly { start: number; end: number }[] | undefined): TextPart[] {
  const clipped = (ranges ?? [])
    .map(({ start, end }) => ({ start: Math.max(0, Math.min(start, text.length)), end: Math.max(0, Math.min(end, text.length)) }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start - b.start);
  const parts: TextPart[] = [];
  let at = 0;
  for (const range of clipped) {
    const start = Math.max(range.start, at);
    if (range.end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    const last = parts[parts.length - 1];
    if (last?.marked && start === at) last.text += text.slice(start, range.end);
    else parts.push({ text: text.slice(start, range.end), marked: true });
    at = range.end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
