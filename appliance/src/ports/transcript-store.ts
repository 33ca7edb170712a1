import type { TranscriptSegment } from './speech-to-text.js';

export interface StoredSegment extends TranscriptSegment {
  windowIdx: number;
}

/**
 * A media's transcript, written one speech-to-text window at a time so a restarted transcribe
 * stage resumes after the last finished window.
 */
export interface TranscriptStore {
  finishedWindows(mediaId: string): Promise<number[]>;
  /** Stores one speech-to-text window's segments and marks it done, atomically. */
  saveWindow(mediaId: string, windowIdx: number, engine: string, segments: TranscriptSegment[]): Promise<void>;
  transcript(mediaId: string): Promise<StoredSegment[]>;
}
