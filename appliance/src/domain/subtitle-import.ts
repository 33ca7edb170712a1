/**
 * Reading subtitle files people already have (SRT from a captioning service, WebVTT from a
 * player or an older system) into transcript cues. Pure: bytes are decoded at the edge.
 *
 * Strict where a silent guess would corrupt the transcript (times, order, duration), lenient
 * where real files differ harmlessly (BOM, CRLF, missing or wrong SRT counters, a trailing
 * blank line, "." instead of "," in SRT times). Every error names the cue number (1-based,
 * counted in the file) so a person can find it in an editor.
 */

export interface ImportedCue {
  start: number;
  end: number;
  text: string;
  /** From a WebVTT voice tag (`<v Name>`) or an SRT/VTT "NAME:" prefix. */
  speaker?: string;
}

export type SubtitleFormat = 'srt' | 'vtt';

export class SubtitleImportError extends Error {
  constructor(
    readonly cue: number | undefined,
    readonly reason: string,
  ) {
    super(cue === undefined ? reason : `cue ${cue}: ${reason}`);
    this.name = 'SubtitleImportError';
  }
}

export interface ImportOptions {
  /** The media's duration: cues must end within it (plus a small tolerance). */
  durationSec?: number;
}

/** Rounding of the media's own duration vs a subtitle's last cue (players round both ways). */
const DURATION_TOLERANCE_SEC = 1;

/** hh:mm:ss,mmm or mm:ss.mmm (VTT allows leaving out hours); "," or "." before milliseconds. */
const TIME = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})$/;
const TIMING_LINE = /^(\S+)\s+-->\s+(\S+)(?:\s+.*)?$/;

function parseTime(text: string, cue: number): number {
  const match = TIME.exec(text);
  if (!match) throw new SubtitleImportError(cue, `"${text}" is not a time (expected hh:mm:ss,mmm)`);
  const [, h, m, s, ms] = match;
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}

/** Blocks separated by blank lines, with line endings and a leading BOM normalised. */
function blocks(source: string): string[][] {
  return source
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .reduce<string[][]>(
      (acc, line) => {
        if (line.trim() === '') acc.push([]);
        else acc[acc.length - 1]!.push(line.trimEnd());
        return acc;
      },
      [[]],
    )
    .filter((block) => block.length > 0);
}

/** A leading "NAME:" (letters, spaces, dots; at most 40 characters) names the speaker. */
const NAME_PREFIX = /^([\p{L}][\p{L}\p{M}\p{N} .'-]{0,39}):\s+(.+)$/u;
const VOICE_TAG = /^<v(?:\.[\w.-]+)?\s+([^>]+)>/;

function speakerAndText(lines: string[], format: SubtitleFormat): { speaker?: string; text: string } {
  let text = lines.join('\n');
  let speaker: string | undefined;
  if (format === 'vtt') {
    const voice = VOICE_TAG.exec(text);
    if (voice) speaker = voice[1]!.trim();
    // Cue text is HTML-like: drop tags (<v>, <i>, <c.x>, timestamps) and decode the entities
    // a writer must use for "&", "<" and ">".
    text = text
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, '\u00a0')
      .replace(/&amp;/g, '&');
  } else {
    text = text.replace(/<\/?(?:i|b|u|font)[^>]*>/gi, '');
  }
  if (speaker === undefined) {
    const prefix = NAME_PREFIX.exec(text);
    // Captioning convention writes speakers in capitals ("JOHN:", "DR. KIM:"); a mixed-case
    // "Note: ..." is ordinary text. Scripts without case (김교수:, 田中:) count as names.
    if (prefix && !/\p{Ll}/u.test(prefix[1]!)) {
      speaker = prefix[1]!.trim();
      text = prefix[2]!;
    }
  }
  return { ...(speaker ? { speaker } : {}), text: text.trim() };
}

/**
 * Parses an SRT or WebVTT file. Throws SubtitleImportError naming the cue for a timing that
 * cannot be read, an end before its start, a cue starting before the previous one, a cue past
 * the media's end, or a file with no cues at all.
 */
export function parseSubtitles(source: string, format: SubtitleFormat, options: ImportOptions = {}): ImportedCue[] {
  if (source.includes('\u0000')) throw new SubtitleImportError(undefined, 'the file contains NUL bytes: it is not a text subtitle file');
  const all = blocks(source);
  if (format === 'vtt') {
    const header = all.shift();
    if (!header || !/^WEBVTT(?:[ \t].*)?$/.test(header[0]!)) {
      throw new SubtitleImportError(undefined, 'a WebVTT file must start with the line "WEBVTT"');
    }
  }
  const cues: ImportedCue[] = [];
  let number = 0;
  for (const block of all) {
    if (format === 'vtt' && /^(?:NOTE|STYLE|REGION)(?:\s|$)/.test(block[0]!)) continue;
    number++;
    const timingAt = block.findIndex((line) => line.includes('-->'));
    // SRT: an optional counter line, then the timing line. VTT: an optional identifier line.
    if (timingAt < 0 || timingAt > 1) throw new SubtitleImportError(number, 'no "start --> end" timing line');
    const timing = TIMING_LINE.exec(block[timingAt]!.trim());
    if (!timing) throw new SubtitleImportError(number, `"${block[timingAt]}" is not a timing line (expected "start --> end")`);
    const start = parseTime(timing[1]!, number);
    const end = parseTime(timing[2]!, number);
    if (end < start) throw new SubtitleImportError(number, `ends (${timing[2]}) before it starts (${timing[1]})`);
    const previous = cues.at(-1);
    if (previous && start < previous.start) {
      throw new SubtitleImportError(number, `starts (${timing[1]}) before the cue before it; cues must be in time order`);
    }
    if (options.durationSec !== undefined && end > options.durationSec + DURATION_TOLERANCE_SEC) {
      throw new SubtitleImportError(number, `ends at ${end.toFixed(3)} s, after the end of the media (${options.durationSec.toFixed(3)} s)`);
    }
    const content = speakerAndText(block.slice(timingAt + 1), format);
    // A cue with no words (a blank caption) carries nothing searchable: skip it, keep counting.
    if (content.text === '') continue;
    cues.push({ start, end, ...content });
  }
  if (cues.length === 0) throw new SubtitleImportError(undefined, 'the file has no cues with text');
  return cues;
}

/**
 * Bytes to text for an import: UTF-8 only (with or without BOM). A file in another encoding
 * (CP949 from an old Korean tool, Latin-1) would otherwise become mojibake in search for ever.
 */
export function decodeSubtitleBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SubtitleImportError(undefined, 'the file is not UTF-8 text; save it as UTF-8 and import it again');
  }
}
