import type { TranscriptSegment } from './transcript-types.js';

/**
 * Duration given to a cue whose end is not after its start (engines emit such segments for
 * one-word utterances or after clamping). Players skip zero-length cues, so the words would
 * never be shown. Shortened to the next cue's start when that comes sooner.
 */
export const MIN_CUE_SEC = 1;

interface Cue {
  startMs: number;
  endMs: number;
  lines: string[];
  speaker?: string;
}

/** Cue text lines: trimmed, blank lines dropped (a blank line ends a cue in both formats). */
function textLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * Segments as cues: finite times only, text present, sorted by start (stable), negative starts
 * clamped to 0, times in whole milliseconds, zero/negative durations fixed (MIN_CUE_SEC).
 */
function toCues(segments: readonly TranscriptSegment[]): Cue[] {
  const cues = segments
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end))
    .map((s, order) => ({ s, order, lines: textLines(s.text) }))
    .filter((c) => c.lines.length > 0)
    .sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end || a.order - b.order)
    .map(({ s, lines }) => ({
      startMs: Math.round(Math.max(0, s.start) * 1000),
      endMs: Math.round(Math.max(0, s.end) * 1000),
      lines,
      ...(s.speakerName ? { speaker: s.speakerName } : {}),
    }));
  cues.forEach((cue, i) => {
    if (cue.endMs > cue.startMs) return;
    const next = cues.slice(i + 1).find((c) => c.startMs > cue.startMs);
    cue.endMs = Math.min(cue.startMs + MIN_CUE_SEC * 1000, next?.startMs ?? Infinity);
  });
  return cues;
}

/** hh:mm:ss{sep}mmm; hours grow past two digits rather than wrapping. */
function timestamp(ms: number, separator: '.' | ','): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${separator}${pad(ms % 1000, 3)}`;
}

/**
 * WebVTT cue text is HTML-like: "&" and "<" must be escaped, and "-->" may not appear at all
 * (a parser would take the line for a timing line), so its ">" is escaped too.
 */
function escapeVtt(line: string): string {
  return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/-->/g, '--&gt;');
}

/**
 * A WebVTT file: "WEBVTT", a blank line, then cues separated by blank lines. Cues have no
 * identifiers (they are optional in VTT; players seek by time).
 */
export function toWebVtt(segments: readonly TranscriptSegment[]): string {
  const cues = toCues(segments).map((c) => {
    const lines = c.lines.map(escapeVtt);
    // A voice span names the speaker; its annotation ends at ">", so the name must not hold one.
    if (c.speaker) lines[0] = `<v ${escapeVtt(c.speaker).replace(/>/g, '&gt;')}>${lines[0]}`;
    return `${timestamp(c.startMs, '.')} --> ${timestamp(c.endMs, '.')}\n${lines.join('\n')}\n`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}

/**
 * A SubRip file: numbered cues (from 1) separated by blank lines, comma before milliseconds.
 * SRT has no escaping: players render a few HTML-like tags, and "-->" only matters on the
 * timing line, so text is written as spoken (blank lines removed).
 */
export function toSrt(segments: readonly TranscriptSegment[]): string {
  return toCues(segments)
    .map((c, i) => `${i + 1}\n${timestamp(c.startMs, ',')} --> ${timestamp(c.endMs, ',')}\n${speakerLines(c).join('\n')}\n`)
    .join('\n');
}

/** SRT has no voice tag: captioning's convention is "NAME: " before the words (imports read it back). */
function speakerLines(cue: Cue): string[] {
  if (!cue.speaker) return cue.lines;
  return [`${cue.speaker}: ${cue.lines[0]}`, ...cue.lines.slice(1)];
}

/** Plain text for reading and quoting: one line per segment, "[hh:mm:ss] Speaker: words". */
export function toPlainText(segments: readonly TranscriptSegment[]): string {
  return toCues(segments)
    .map((c) => `[${timestamp(c.startMs, '.').slice(0, 8)}] ${speakerLines(c).join(' ')}\n`)
    .join('');
}
