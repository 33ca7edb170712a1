import { useId, useState } from 'react';
import type { SpeakerDto, TranscriptChange, TranscriptSegmentJson } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import { useT } from '../../i18n/I18nProvider.js';
import { speakerByName } from '../../library/transcript-edit.js';


interface Props {
  mediaId: string;
  index: number;
  segment: TranscriptSegmentJson;
  speakers: SpeakerDto[];
  version: number;
  /** Editing allowed: the chip opens a small form; otherwise it only shows the name. */
  editable: boolean;
  onChange(change: TranscriptChange, kept?: string): void;
}

/** Who speaks a line; in edit mode, pick another speaker for the line or rename this one everywhere. */
export function SpeakerChip({ mediaId, index, segment, speakers, version, editable, onChange }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(segment.speakerName ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const current = segment.speaker ? speakers.find((s) => s.id === segment.speaker) ?? null : null;
  const label = segment.speakerName ?? current?.name ?? null;

  if (!label && !editable) return null;
  if (!open || !editable) {
    return (
      <button
        type="button"
        className={`speaker-chip${label ? '' : ' speaker-chip--empty'}`}
        data-testid="speaker-chip"
        disabled={!editable}
        title={editable ? t('speaker.chipTitle') : undefined}
        onClick={() => {
          setName(label ?? '');
          setError(null);
          setOpen(true);
        }}
      >
        {label ?? t('speaker.none')}
      </button>
    );
  }

  const run = (action: () => Promise<TranscriptChange>) => {
    setBusy(true);
    setError(null);
    action().then(
      (change) => {
        onChange(change, name);
        setBusy(false);
        setOpen(false);
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setBusy(false);
      },
    );
  };
  const trimmed = name.trim();
  const renameEverywhere = () => current && run(() => api().invoke('transcript:renameSpeakers', mediaId, { version, speakers: [{ id: current.id, name: trimmed }] }));
  const setForLine = (speaker: string | null) => run(() => api().invoke('transcript:editSegment', mediaId, index, { version, speaker }));

  return (
    <form
      className="speaker-form"
      data-testid="speaker-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed) setForLine(speakerByName(speakers, trimmed)?.id ?? trimmed);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <input autoFocus list={listId} aria-label={t('speaker.nameLabel')} value={name} disabled={busy} maxLength={80} onChange={(e) => setName(e.currentTarget.value)} />
      <datalist id={listId}>
        {speakers.map((s) => (
          <option key={s.id} value={s.name} />
        ))}
      </datalist>
      {current && (
        <button type="button" disabled={busy || !trimmed || trimmed === current.name} title={t('speaker.renameTitle', { name: current.name })} onClick={renameEverywhere}>
          {t('speaker.renameEverywhere')}
        </button>
      )}
      <button type="submit" disabled={busy || !trimmed}>
        {t('speaker.setForLine')}
      </button>
      {current && (
        <button type="button" disabled={busy} onClick={() => setForLine(null)}>
          {t('speaker.clear')}
        </button>
      )}
      <button type="button" disabled={busy} onClick={() => setOpen(false)}>
        {t('speaker.cancel')}
      </button>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
