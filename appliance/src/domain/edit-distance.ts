/**
 * Bounded edit distance for typo tolerance. Search only ever asks "is this within one (or two)
 * edits", so the computation stops as soon as the bound is exceeded: a query checked against a
 * few hundred candidate terms costs microseconds, not a full matrix each.
 */

/**
 * Optimal-string-alignment distance (insert, delete, substitute, swap of two neighbours) between
 * two sequences, or `max + 1` as soon as it is certainly above `max`. Sequences are arrays so
 * callers choose the unit: code points for Latin words, jamo for Hangul (see hangul.toJamo).
 */
export function boundedEditDistance(a: readonly string[], b: readonly string[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0 || b.length === 0) return Math.min(Math.max(a.length, b.length), max + 1);
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    // Every later row is at least this row's minimum: nothing can bring it back under max.
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/** Code points of a string, the unit for words outside Hangul. */
export function codePoints(text: string): string[] {
  return [...text];
}
