/** A word with its time span in seconds from the start of the audio given to the engine. */
export interface TranscriptWord {
  start: number;
  end: number;
  text: string;
  confidence?: number;
}

/** A sentence-sized piece of transcript: what the player seeks to and the VTT cues show. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  words?: TranscriptWord[];
}

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
  /** Segments with times relative to the start of `wavPath`. */
  transcribe(wavPath: string, options: TranscribeOptions): Promise<TranscriptSegment[]>;
}
