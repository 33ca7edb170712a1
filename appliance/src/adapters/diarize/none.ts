import type { Diarizer, SpeakerTurn } from '../../ports/diarizer.js';

/** The default: no diarization engine, so no automatic speakers (see ports/diarizer.ts). */
export class NoDiarizer implements Diarizer {
  readonly engine = 'none';

  async diarize(): Promise<SpeakerTurn[]> {
    return [];
  }
}
