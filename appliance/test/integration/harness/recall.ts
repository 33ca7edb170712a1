/** Share of `words` (lower-case) found in `text`: how much of a spoken fixture a transcript caught. */
export function recall(words: string[], text: string): number {
  const found = new Set(text.toLowerCase().match(/[a-z']+/g) ?? []);
  return words.filter((w) => found.has(w)).length / words.length;
}
