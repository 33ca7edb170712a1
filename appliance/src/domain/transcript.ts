import type { TranscriptSegment, TranscriptWord } from './transcript-types.js';

/*
 * Pure transcript rules shared by the speech-to-text engines: parsing pocketsphinx's word
 * timings and grouping words into the sentence-sized segments that players seek to.
 */

/**
 * A word line of `pocketsphinx_continuous -time yes` (0.8, Debian): `WORD START END POSTERIOR`,
 * times printed with "%.3f". The decimal points are required on purpose: the hypothesis line
 * that precedes each utterance's words is plain lowercase text and can never match.
 */
const WORD_LINE = /^(\S+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

/**
 * Non-words the decoder emits: sentence markers and silence (`<s>`, `</s>`, `<sil>`, `<unk>`),
 * noise fillers of the en-us noisedict (`[NOISE]`, `[SPEECH]`) and of older acoustic models
 * (`++NOISE++`, `++UH++`).
 */
const FILLER = /^(<[^>]*>|\[[^\]]*\]|\+\+.*\+\+)$/;

/** `word(2)` is the decoder's second pronunciation of `word`: same word for a reader. */
const ALTERNATE_PRONUNCIATION = /\(\d+\)$/;

/**
 * Parses stdout of `pocketsphinx_continuous -infile X.wav -time yes`. The program prints, per
 * utterance, the hypothesis as one line followed by one line per word; times are seconds from
 * the start of the file (not of the utterance), so no offset bookkeeping is needed. Lines that
 * are not word lines (hypotheses, stray log output) are ignored.
 */
export function parsePocketsphinxTimes(stdout: string): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const rawLine of stdout.split(/\r?\n/)) {
    const match = WORD_LINE.exec(rawLine.trim());
    if (!match) continue;
    const token = match[1]!;
    if (FILLER.test(token)) continue;
    const text = token.replace(ALTERNATE_PRONUNCIATION, '');
    if (text === '' || FILLER.test(text)) continue;
    const start = Number(match[2]);
    const end = Math.max(start, Number(match[3]));
    const word: TranscriptWord = { start, end, text };
    // The posterior is printed rounded and is sometimes a hair above 1 (e.g. 1.000100).
    const posterior = Number(match[4]);
    if (Number.isFinite(posterior)) word.confidence = Math.min(1, Math.max(0, posterior));
    words.push(word);
  }
  return words;
}

export interface GroupOptions {
  /** A silence longer than this (seconds) between two words starts a new segment. */
  maxGapSec?: number;
  /** A segment is closed before it would grow longer than this (seconds). */
  maxSegmentSec?: number;
}

/**
 * A word that ends a sentence: `.`, `?`, `!` (or their CJK forms), optionally followed by a
 * closing quote or bracket. Only engines that punctuate (Whisper, HTTP servers) produce these;
 * pocketsphinx never does, so for it segments are cut on pauses and length alone.
 */
const SENTENCE_END = /[.?!。？！…]["'”’)\]]*$/u;

/**
 * Groups timed words into sentence-sized segments: a segment ends at a pause longer than
 * `maxGapSec`, after a word that ends a sentence, or before it would exceed `maxSegmentSec`
 * (a single word longer than that still makes one segment). Segment text is the words joined
 * by single spaces; start/end come from the first and last word; the words are kept so that
 * search and players can seek to the exact word.
 */
export function groupWordsIntoSegments(words: readonly TranscriptWord[], options: GroupOptions = {}): TranscriptSegment[] {
  const maxGapSec = options.maxGapSec ?? 0.6;
  const maxSegmentSec = options.maxSegmentSec ?? 12;
  // Engines report words in time order; sorting (stable) only guards against a sloppy server.
  const ordered = words.filter((w) => w.text.trim() !== '').sort((a, b) => a.start - b.start);

  const segments: TranscriptSegment[] = [];
  let current: TranscriptWord[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    segments.push(toSegment(current));
    current = [];
  };

  for (const word of ordered) {
    const first = current[0];
    const previous = current[current.length - 1];
    if (first && previous) {
      const pause = word.start - previous.end;
      const tooLong = word.end - first.start > maxSegmentSec;
      if (pause > maxGapSec || tooLong || SENTENCE_END.test(previous.text)) flush();
    }
    current.push(word);
  }
  flush();
  return segments;
}

function toSegment(words: TranscriptWord[]): TranscriptSegment {
  const start = words[0]!.start;
  // Overlapping word spans (possible with Whisper token timestamps) must not shrink the end.
  const end = words.reduce((max, w) => Math.max(max, w.end), start);
  return {
    start,
    end,
    text: words.map((w) => w.text.trim()).join(' '),
    words: words.map((w) => ({ ...w })),
  };
}
