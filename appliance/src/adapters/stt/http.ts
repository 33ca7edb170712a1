import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { groupWordsIntoSegments } from '../../domain/transcript.js';
import type { SpeechToText, TranscribeOptions, TranscriptSegment, TranscriptWord } from '../../ports/speech-to-text.js';

/*
 * A client of an OpenAI-compatible `POST /v1/audio/transcriptions` server (OpenAI itself,
 * speaches/faster-whisper-server, LocalAI, vLLM, whisper.cpp's server with that path...). It
 * uses Node 20's global fetch, FormData and Blob: no HTTP library to keep patched.
 */

export interface HttpSpeechToTextOptions {
  /**
   * The server: "http://host:8000" (we add /v1/audio/transcriptions), ".../v1" (we add
   * /audio/transcriptions) or the full endpoint URL ending in /audio/transcriptions.
   */
  baseUrl: string;
  /** The `model` form field; servers that serve one model usually ignore it. */
  model?: string;
  /** Sent as `Authorization: Bearer ...` when set. */
  apiKey?: string;
  /** Per request (one window), including upload and decoding. */
  timeoutMs?: number;
}

const DEFAULT_MODEL = 'whisper-1';
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const BODY_EXCERPT_CHARS = 300;

/** The parts of OpenAI's `verbose_json` answer we use; servers differ in what else they send. */
interface VerboseJson {
  text?: string;
  duration?: number;
  segments?: Array<{ start?: number; end?: number; text?: string; words?: WireWord[] }>;
  words?: WireWord[];
}
interface WireWord {
  word?: string;
  start?: number;
  end?: number;
  probability?: number;
}

export function transcriptionsEndpoint(baseUrl: string): URL {
  const url = new URL(baseUrl);
  const trimmed = url.pathname.replace(/\/+$/, '');
  if (!/\/audio\/transcriptions$/.test(trimmed)) {
    url.pathname = /\/v1$/.test(trimmed) ? `${trimmed}/audio/transcriptions` : `${trimmed}/v1/audio/transcriptions`;
  }
  return url;
}

export class HttpSpeechToText implements SpeechToText {
  readonly engine: string;
  /** The server's model is not known here; OpenAI-compatible servers take a language hint. */
  readonly languages = 'any' as const;
  private readonly endpoint: URL;
  private readonly model: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: HttpSpeechToTextOptions) {
    this.endpoint = transcriptionsEndpoint(options.baseUrl);
    this.engine = `http (${this.endpoint.host})`;
    this.model = options.model ?? DEFAULT_MODEL;
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async transcribe(wavPath: string, options: TranscribeOptions): Promise<TranscriptSegment[]> {
    options.signal?.throwIfAborted();
    // Windows are bounded (minutes of 16 kHz mono = a few MB), so reading one whole is fine.
    const audio = await readFile(wavPath);
    const form = new FormData();
    form.append('file', new Blob([audio], { type: 'audio/wav' }), path.basename(wavPath));
    form.append('model', this.model);
    if (options.language) form.append('language', options.language.trim().toLowerCase().split(/[-_]/)[0]!);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    form.append('temperature', '0');

    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const where = `${this.endpoint.origin}${this.endpoint.pathname}`; // never echo a query-string key
    let response: Response;
    let body: string;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        body: form,
        headers: this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : {},
        signal,
      });
      body = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (timeout.aborted) throw new Error(`speech-to-text server ${where} did not answer within ${this.timeoutMs} ms`, { cause: error });
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new Error(`speech-to-text server ${where} is unreachable: ${cause}`, { cause: error });
    }
    if (!response.ok) {
      throw new Error(`speech-to-text server ${where} answered HTTP ${response.status}: ${excerpt(body)}`);
    }
    let json: VerboseJson;
    try {
      json = JSON.parse(body) as VerboseJson;
    } catch {
      throw new Error(`speech-to-text server ${where} answered HTTP ${response.status} with non-JSON: ${excerpt(body)}`);
    }
    return mapVerboseJson(json);
  }
}

/**
 * Maps a verbose_json answer to segments. OpenAI puts words in a top-level `words` array;
 * faster-whisper based servers also (or only) nest them in each segment. Words are assigned
 * to the segment that contains their midpoint. Without segments, the words are grouped by the
 * domain rule; with neither, the whole text becomes one segment.
 */
export function mapVerboseJson(json: VerboseJson): TranscriptSegment[] {
  const topWords = toWords(json.words);
  const wireSegments = (json.segments ?? []).filter(
    (s) => isTime(s.start) && isTime(s.end) && typeof s.text === 'string' && s.text.trim() !== '',
  );
  if (wireSegments.length === 0) {
    if (topWords.length > 0) return groupWordsIntoSegments(topWords);
    const text = json.text?.trim();
    return text ? [{ start: 0, end: isTime(json.duration) ? json.duration : 0, text }] : [];
  }
  return wireSegments.map((s, i) => {
    const start = s.start!;
    const end = Math.max(start, s.end!);
    const isLast = i === wireSegments.length - 1;
    const nested = toWords(s.words);
    const words =
      nested.length > 0
        ? nested
        : topWords.filter((w) => {
            const mid = (w.start + w.end) / 2;
            return mid >= start && (mid < end || (isLast && mid <= end + 1));
          });
    const segment: TranscriptSegment = { start, end, text: s.text!.trim() };
    if (words.length > 0) segment.words = words;
    return segment;
  });
}

function toWords(wire: WireWord[] | undefined): TranscriptWord[] {
  return (wire ?? []).flatMap((w) => {
    const text = w.word?.trim();
    if (!text || !isTime(w.start) || !isTime(w.end)) return [];
    const word: TranscriptWord = { start: w.start, end: Math.max(w.start, w.end), text };
    if (typeof w.probability === 'number' && Number.isFinite(w.probability)) word.confidence = w.probability;
    return [word];
  });
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}...` : flat;
}
