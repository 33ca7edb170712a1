import { useCallback, useEffect, useState } from 'react';
import type { EditableTranscript, TranscriptChange } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';

export type TranscriptLoad = { kind: 'loading' } | { kind: 'ok'; transcript: EditableTranscript } | { kind: 'error'; message: string };

/** A change that lost a race: the transcript was reloaded and the user's own text is kept to re-apply. */
export interface StaleNotice {
  kept: string | null;
}

export interface EditableTranscriptState {
  load: TranscriptLoad;
  stale: StaleNotice | null;
  dismissStale(): void;
  /** Takes a change's answer: the new transcript, or (stale) the reloaded one plus a notice. */
  apply(change: TranscriptChange, kept?: string): boolean;
  /** Shows a transcript the appliance answered (an import). */
  replace(transcript: EditableTranscript): void;
  reload(): void;
}

/** The transcript with its version, source and speakers, loaded when available and kept current by edits. */
export function useEditableTranscript(mediaId: string, available: boolean): EditableTranscriptState {
  const [load, setLoad] = useState<TranscriptLoad>({ kind: 'loading' });
  const [stale, setStale] = useState<StaleNotice | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!available) return;
    let live = true;
    api()
      .invoke('transcript:get', mediaId)
      .then(
        (transcript) => live && setLoad({ kind: 'ok', transcript }),
        (e: unknown) => live && setLoad({ kind: 'error', message: errorMessage(e) }),
      );
    return () => {
      live = false;
    };
  }, [mediaId, available, generation]);
  useEffect(() => {
    setLoad({ kind: 'loading' });
    setStale(null);
  }, [mediaId]);

  const replace = useCallback((transcript: EditableTranscript) => setLoad({ kind: 'ok', transcript }), []);
  const apply = useCallback((change: TranscriptChange, kept?: string) => {
    setLoad({ kind: 'ok', transcript: change.transcript });
    setStale(change.ok ? null : { kept: kept ?? null });
    return change.ok;
  }, []);
  return {
    load,
    stale,
    dismissStale: useCallback(() => setStale(null), []),
    apply,
    replace,
    reload: useCallback(() => setGeneration((g) => g + 1), []),
  };
}
