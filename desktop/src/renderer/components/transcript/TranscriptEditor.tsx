import { useRef, useState } from 'react';
import { guessSubtitleFormat, type EditableTranscript, type LibraryDownload, type TranscriptChange } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import type { StaleNotice } from '../../hooks/useEditableTranscript.js';
import { useI18n, useT } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/types.js';
import { retranscribeNeedsConfirmation, sourceKey, type SourceKey } from '../../library/transcript-edit.js';
import { VersionHistory } from './VersionHistory.js';
import './transcript-editing.css';

const SOURCE_NAMES = {
  stt: 'transcriptEdit.source.stt',
  imported: 'transcriptEdit.source.imported',
  edited: 'transcriptEdit.source.edited',
  restored: 'transcriptEdit.source.restored',
  unknown: 'transcriptEdit.source.unknown',
} as const satisfies Record<SourceKey, MessageKey>;
/** Format names are the same in every language; plain text is said in words. */
type ExportOption = { what: LibraryDownload; formatName: string } | { what: LibraryDownload; formatName?: undefined; labelKey: MessageKey };
const EXPORTS: ExportOption[] = [
  { what: 'srt', formatName: 'SRT' },
  { what: 'vtt', formatName: 'WebVTT' },
  { what: 'txt', labelKey: 'transcriptEdit.exportText' },
  { what: 'json', formatName: 'JSON' },
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
  const { locale, t } = useI18n();
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState(false);
  const [confirmRerun, setConfirmRerun] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const source = t(SOURCE_NAMES[sourceKey(transcript.source)]);
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
        return { kind: 'ok', text: t('transcriptEdit.imported', { name: file.name }) };
      } catch (e) {
        return { kind: 'error', text: t('transcriptEdit.importFailed', { error: errorMessage(e) }) };
      }
    });
  const exportAs = (what: LibraryDownload) =>
    run(async () => {
      try {
        return { kind: 'ok', text: t('transcriptEdit.saved', { path: (await api().invoke('library:download', mediaId, what)).path }) };
      } catch (e) {
        return { kind: 'error', text: t('transcriptEdit.exportFailed', { error: errorMessage(e) }) };
      }
    });
  const rerun = (overwrite: boolean) =>
    run(async () => {
      setConfirmRerun(false);
      try {
        const answer = await api().invoke('transcript:retranscribe', mediaId, { overwrite });
        if (!answer.ok) {
          setConfirmRerun(true);
          return null;
        }
        return { kind: 'ok', text: t('transcriptEdit.rerunStarted') };
      } catch (e) {
        return { kind: 'error', text: t('transcriptEdit.rerunFailed', { error: errorMessage(e) }) };
      }
    });

  return (
    <div className="transcript-editor" data-testid="transcript-editor">
      <p className="transcript-source card-meta" data-testid="transcript-source">
        <span>{source}</span>
        <span>{t('transcriptEdit.version', { version })}</span>
      </p>
      <div className="transcript-tools">
        <button type="button" aria-pressed={editing} onClick={() => onEditing(!editing)}>
          {editing ? t('transcriptEdit.doneEditing') : t('transcriptEdit.edit')}
        </button>
        <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
          {busy ? t('transcriptEdit.importing') : t('transcriptEdit.import')}
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
          aria-label={t('transcriptEdit.exportAs')}
          value=""
          disabled={busy}
          onChange={(e) => {
            const what = e.currentTarget.value as LibraryDownload;
            if (what) exportAs(what);
          }}
        >
          <option value="">{t('transcriptEdit.export')}</option>
          {EXPORTS.map((option) => (
            <option key={option.what} value={option.what}>
              {option.formatName === undefined ? t(option.labelKey) : option.formatName}
            </option>
          ))}
        </select>
        <button type="button" aria-expanded={history} onClick={() => setHistory((h) => !h)}>
          {history ? t('transcriptEdit.hideHistory') : t('transcriptEdit.history')}
        </button>
        <button type="button" disabled={busy} onClick={() => (retranscribeNeedsConfirmation(transcript.source) ? setConfirmRerun(true) : rerun(false))}>
          {t('transcriptEdit.rerun')}
        </button>
      </div>
      {editing && <p className="transcript-edit-hint">{t('transcriptEdit.editHint')}</p>}
      {confirmRerun && (
        <div className="confirm" role="alertdialog" aria-label={t('transcriptEdit.rerun')}>
          <span>{t('transcriptEdit.rerunConfirm', { source: source.toLocaleLowerCase(locale) })}</span>
          <button type="button" className="danger" disabled={busy} onClick={() => rerun(true)}>
            {t('transcriptEdit.rerunYes')}
          </button>
          <button type="button" disabled={busy} onClick={() => setConfirmRerun(false)}>
            {t('transcriptEdit.rerunNo')}
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
  const t = useT();
  return (
    <div className="notice notice--error" role="alert" data-testid="stale-notice">
      <p>{t('transcriptEdit.stale')}</p>
      {notice.kept && (
        <p>
          {t('transcriptEdit.staleKept')} <input type="text" readOnly value={notice.kept} aria-label={t('transcriptEdit.staleKept')} onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      <button type="button" className="link" onClick={onDismiss}>
        {t('transcriptEdit.dismiss')}
      </button>
    </div>
  );
}
