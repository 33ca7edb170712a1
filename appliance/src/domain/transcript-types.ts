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

