import { useRef, useState } from 'react';
import type { TranscriptChange, TranscriptSegmentJson } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import { formatTime } from '../../format.js';
import { useT } from '../../i18n/I18nProvider.js';
import { editedText, planSplit } from '../../library/transcript-edit.js';


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
  const t = useT();
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
    if (!plan) return setError(t('segmentEdit.cannotSplit'));
    run(() => api().invoke('transcript:splitSegment', mediaId, index, { version, ...plan }));
  };
  const merge = () => run(() => api().invoke('transcript:mergeNext', mediaId, index, { version }));

  return (
    <div className="segment-editor" data-testid="segment-editor">
      <textarea
        ref={area}
        autoFocus
        aria-label={t('segmentEdit.label', { time: formatTime(segment.start) })}
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
        <span className="segment-editor-hint">{t('segmentEdit.hint')}</span>
        <button type="button" className="primary" disabled={busy} onClick={save}>
          {busy ? t('segmentEdit.saving') : t('segmentEdit.save')}
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          {t('segmentEdit.cancel')}
        </button>
        <button type="button" disabled={busy} title={t('segmentEdit.splitTitle')} onClick={split}>
          {t('segmentEdit.split')}
        </button>
        {hasNext && (
          <button type="button" disabled={busy} title={t('segmentEdit.mergeTitle')} onClick={merge}>
            {t('segmentEdit.merge')}
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
