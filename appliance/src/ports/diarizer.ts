import type { TranscriptSegment } from './speech-to-text.js';

/** Who spoke when: a speaker label per stretch of audio, labels stable within one file. */
export interface SpeakerTurn {
  start: number;
  end: number;
  /** The engine's own label ("SPEAKER_00"); the appliance turns labels into speaker ids. */
  label: string;
}

/**
 * Speaker diarization, like the speech-to-text engines a port with swappable adapters. No engine
 * is required: the default `none` adapter finds no turns, and speakers then come only from
 * imported subtitles (VTT `<v Name>`, SRT "NAME:") and from people naming them. An engine (for
 * instance pyannote behind an HTTP server) needs model weights provisioned like Whisper's; it
 * would be called by the transcribe stage after speech-to-text, and its turns assigned to the
 * segments they overlap most.
 */
export interface Diarizer {
  /** Names the engine in /healthz and logs; 'none' when diarization is off. */
  readonly engine: string;
  diarize(wavPath: string, segments: readonly TranscriptSegment[], options: { signal?: AbortSignal }): Promise<SpeakerTurn[]>;
}
