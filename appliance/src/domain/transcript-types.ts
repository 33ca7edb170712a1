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
  /** A speaker id of the media's speakers (stored transcripts, versions). */
  speaker?: string;
  /** That speaker's name: filled in for search chunks and answers, never stored with the text. */
  speakerName?: string;
}

/** A named voice of one media; segments point at it by id, so a rename is one change. */
export interface Speaker {
  id: string;
  name: string;
}

