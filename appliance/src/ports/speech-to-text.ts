import type { TranscriptSegment } from '../domain/transcript-types.js';

// Engines produce the domain's transcript shape.
export type { TranscriptSegment, TranscriptWord } from '../domain/transcript-types.js';

export interface TranscribeOptions {
  /** ISO 639 code from the upload metadata, or null to let the engine detect it. */
  language: string | null;
  signal?: AbortSignal;
}

/**
 * A speech-to-text engine. The transcribe stage cuts long media into windows (16 kHz mono WAV
 * files) and calls the engine once per window, so one call never holds hours of audio.
 */
export interface SpeechToText {
  /** What /healthz and the UI show, e.g. "pocketsphinx (en-us)" or "whisper (ggml-base.bin)". */
  readonly engine: string;
  /**
   * Primary ISO 639 codes the engine transcribes ("en"), or 'any' when it handles (and detects)
   * many. An upload in a language outside this list is not transcribed: decoding Korean with an
   * English-only model yields confident English gibberish, worse than no transcript.
   */
  readonly languages: readonly string[] | 'any';
  /** Segments with times relative to the start of `wavPath`. */
  transcribe(wavPath: string, options: TranscribeOptions): Promise<TranscriptSegment[]>;
}
