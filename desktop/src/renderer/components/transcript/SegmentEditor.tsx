import { useRef, useState } from 'react';
import type { TranscriptChange, TranscriptSegmentJson } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import { formatTime } from '../../format.js';
import { editedText, planSplit } from '../../library/transcript-edit.js';

const TEXT = {
  label: (time: string) => `Edit the line at ${time}`,
  hint: 'Enter saves · Esc cancels · Shift+Enter new line',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  split: 'Split at cursor',
  splitTitle: 'Cut this line in two where the text cursor is',
  cannotSplit: 'Put the cursor between two words to split this line.',
  merge: 'Merge with next',
  mergeTitle: 'Join this line and the next one',
};

interface Props {
  mediaId: string;
  index: number;
  segment: TranscriptSegmentJson;
  version: number;
  hasNext: boolean;
  /** `kept`: the user's text, shown again when the change was stale. */
  onChange(change: TranscriptChange, kept?: string): void;
  onClose(): void;
}

/** One line being edited in place: the text, split at the cursor, merge with the next line. */
export function SegmentEditor({ mediaId, index, segment, version, hasNext, onChange, onClose }: Props) {
  const [draft, setDraft] = useState(segment.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  const run = (action: () => Promise<TranscriptChange>) => {
    setBusy(true);
    setError(null);
    action().then(
      (change) => {
        onChange(change, draft);
        onClose();
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setBusy(false);
      },
    );
  };
  const save = () => {
    const text = editedText(segment.text, draft);
    if (text === null) return onClose();
    run(() => api().invoke('transcript:editSegment', mediaId, index, { version, text }));
  };
  const split = () => {
    const plan = planSplit(segment, draft, area.current?.selectionStart ?? 0);
    if (!plan) return setError(TEXT.cannotSplit);
    run(() => api().invoke('transcript:splitSegment', mediaId, index, { version, ...plan }));
  };
  const merge = () => run(() => api().invoke('transcript:mergeNext', mediaId, index, { version }));

  return (
    <div className="segment-editor" data-testid="segment-editor">
      <textarea
        ref={area}
        autoFocus
        aria-label={TEXT.label(formatTime(segment.start))}
        value={draft}
        disabled={busy}
        rows={Math.min(6, Math.max(2, Math.ceil(draft.length / 60)))}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      />
      <div className="segment-editor-bar">
        <span className="segment-editor-hint">{TEXT.hint}</span>
        <button type="button" className="primary" disabled={busy} onClick={save}>
          {busy ? TEXT.saving : TEXT.save}
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          {TEXT.cancel}
        </button>
        <button type="button" disabled={busy} title={TEXT.splitTitle} onClick={split}>
          {TEXT.split}
        </button>
        {hasNext && (
          <button type="button" disabled={busy} title={TEXT.mergeTitle} onClick={merge}>
            {TEXT.merge}
          </button>
        )}
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
