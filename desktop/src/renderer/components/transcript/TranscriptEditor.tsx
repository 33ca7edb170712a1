import { useRef, useState } from 'react';
import { guessSubtitleFormat, type EditableTranscript, type LibraryDownload, type TranscriptChange } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import type { StaleNotice } from '../../hooks/useEditableTranscript.js';
import { retranscribeNeedsConfirmation, sourceKey, type SourceKey } from '../../library/transcript-edit.js';
import { VersionHistory } from './VersionHistory.js';
import './transcript-editing.css';

const TEXT = {
  source: { stt: 'Speech-to-text', imported: 'Imported subtitles', edited: 'Edited', restored: 'Restored', unknown: 'Unknown source' } satisfies Record<SourceKey, string>,
  version: (n: number) => `version ${n}`,
  edit: 'Edit transcript',
  doneEditing: 'Done editing',
  editHint: 'Click a line (or press Enter on it) to edit it.',
  import: 'Import subtitles…',
  importing: 'Importing…',
  imported: (name: string) => `Imported ${name}.`,
  importFailed: (message: string) => `Could not import: ${message}`,
  export: 'Export',
  exportAs: 'Export the transcript as',
  saved: (path: string) => `Saved to ${path}`,
  exportFailed: (message: string) => `Could not export: ${message}`,
  history: 'History',
  hideHistory: 'Hide history',
  rerun: 'Re-run speech-to-text',
  rerunConfirm: (source: string) => `The transcript is ${source.toLowerCase()}: speech-to-text replaces it (the current text stays in the history). Re-run anyway?`,
  rerunYes: 'Replace with speech-to-text',
  rerunNo: 'Keep it',
  rerunStarted: 'Speech-to-text is running again; the new transcript appears when it is done.',
  rerunFailed: (message: string) => `Could not re-run speech-to-text: ${message}`,
  stale: 'Someone changed this transcript; reloaded — your edit was not saved.',
  staleKept: 'Your text, to re-apply:',
  dismiss: 'Dismiss',
};
const EXPORTS: { what: LibraryDownload; label: string }[] = [
  { what: 'srt', label: 'SRT' },
  { what: 'vtt', label: 'WebVTT' },
  { what: 'txt', label: 'Plain text' },
  { what: 'json', label: 'JSON' },
];

interface Props {
  mediaId: string;
  transcript: EditableTranscript;
  editing: boolean;
  onEditing(on: boolean): void;
  onChange(change: TranscriptChange): void;
  onImported(transcript: EditableTranscript): void;
}

type Note = { kind: 'ok' | 'error'; text: string } | null;

/**
 * The transcript's tools: where the text came from and its version, edit mode, import of
 * subtitles, export, the version history and re-running speech-to-text (after a yes when people's
 * work would be replaced).
 */
export function TranscriptEditor({ mediaId, transcript, editing, onEditing, onChange, onImported }: Props) {
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState(false);
  const [confirmRerun, setConfirmRerun] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const source = TEXT.source[sourceKey(transcript.source)];
  const version = transcript.version ?? 0;

  const run = (action: () => Promise<Note>) => {
    setBusy(true);
    setNote(null);
    action()
      .then(setNote, (e: unknown) => setNote({ kind: 'error', text: errorMessage(e) }))
      .finally(() => setBusy(false));
  };
  const importFile = (file: File) =>
    run(async () => {
      try {
        const text = await file.text();
        onImported(await api().invoke('transcript:import', mediaId, { text, format: guessSubtitleFormat(file.name, text) }));
        return { kind: 'ok', text: TEXT.imported(file.name) };
      } catch (e) {
        return { kind: 'error', text: TEXT.importFailed(errorMessage(e)) };
      }
    });
  const exportAs = (what: LibraryDownload) =>
    run(async () => {
      try {
        return { kind: 'ok', text: TEXT.saved((await api().invoke('library:download', mediaId, what)).path) };
      } catch (e) {
        return { kind: 'error', text: TEXT.exportFailed(errorMessage(e)) };
      }
    });
  const rerun = (overwrite: boolean) =>
    run(async () => {
      setConfirmRerun(false);
      const answer = await api().invoke('transcript:retranscribe', mediaId, { overwrite });
      if (!answer.ok) {
        setConfirmRerun(true);
        return null;
      }
      return { kind: 'ok', text: TEXT.rerunStarted };
    });

  return (
    <div className="transcript-editor" data-testid="transcript-editor">
      <p className="transcript-source card-meta" data-testid="transcript-source">
        <span>{source}</span>
        <span>{TEXT.version(version)}</span>
      </p>
      <div className="transcript-tools">
        <button type="button" aria-pressed={editing} onClick={() => onEditing(!editing)}>
          {editing ? TEXT.doneEditing : TEXT.edit}
        </button>
        <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
          {busy ? TEXT.importing : TEXT.import}
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept=".srt,.vtt,.json,application/x-subrip,text/vtt"
          data-testid="import-subtitles"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) importFile(file);
          }}
        />
        <select
          aria-label={TEXT.exportAs}
          value=""
          disabled={busy}
          onChange={(e) => {
            const what = e.currentTarget.value as LibraryDownload;
            if (what) exportAs(what);
          }}
        >
          <option value="">{TEXT.export}</option>
          {EXPORTS.map(({ what, label }) => (
            <option key={what} value={what}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" aria-expanded={history} onClick={() => setHistory((h) => !h)}>
          {history ? TEXT.hideHistory : TEXT.history}
        </button>
        <button type="button" disabled={busy} onClick={() => (retranscribeNeedsConfirmation(transcript.source) ? setConfirmRerun(true) : rerun(false))}>
          {TEXT.rerun}
        </button>
      </div>
      {editing && <p className="transcript-edit-hint">{TEXT.editHint}</p>}
      {confirmRerun && (
        <div className="confirm" role="alertdialog" aria-label={TEXT.rerun}>
          <span>{TEXT.rerunConfirm(source)}</span>
          <button type="button" className="danger" disabled={busy} onClick={() => rerun(true)}>
            {TEXT.rerunYes}
          </button>
          <button type="button" disabled={busy} onClick={() => setConfirmRerun(false)}>
            {TEXT.rerunNo}
          </button>
        </div>
      )}
      {note && (
        <p className={`notice notice--${note.kind === 'ok' ? 'ok' : 'error'}`} role={note.kind === 'error' ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {history && <VersionHistory mediaId={mediaId} currentVersion={version} onChange={onChange} />}
    </div>
  );
}

/** "Someone changed this transcript": shown after a stale change, with the user's text kept. */
export function StaleTranscriptNotice({ notice, onDismiss }: { notice: StaleNotice; onDismiss(): void }) {
  return (
    <div className="notice notice--error" role="alert" data-testid="stale-notice">
      <p>{TEXT.stale}</p>
      {notice.kept && (
        <p>
          {TEXT.staleKept} <input type="text" readOnly value={notice.kept} aria-label={TEXT.staleKept} onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      <button type="button" className="link" onClick={onDismiss}>
        {TEXT.dismiss}
      </button>
    </div>
  );
}
