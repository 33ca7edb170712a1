/**
 * The Range request header (RFC 9110 section 14) for one stored file of `size` bytes.
 *
 * One range is served as 206; a header that is not a bytes range, or asks for several ranges,
 * is ignored and the whole file is sent (the RFC allows that, and players and download
 * managers ask for one range at a time). A well-formed range that starts past the end is 416.
 */
export type RangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // bytes=-N: the last N bytes.
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'full' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'full' };
  if (end < start) return { kind: 'full' }; // syntactically invalid: ignored, as the RFC says
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/**
 * Content-Disposition with the name a person sees: an ASCII fallback in `filename` (quotes and
 * backslashes dropped, other characters as "_") and the exact name as UTF-8 in `filename*`
 * (RFC 6266 / RFC 8187), which every current browser and curl -J prefer.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A filename for something derived from a media ("Lecture 3.mp4" -> "Lecture 3.vtt"). */
export function derivedFilename(filename: string, extension: string): string {
  const base = filename.replace(/\.[^./\\]{1,10}$/, '') || 'media';
  return `${base}.${extension}`;
}
