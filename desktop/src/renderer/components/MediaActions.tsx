import { useState } from 'react';
import type { LibraryDownload, MediaDto } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { announceMedia } from '../library/local-updates.js';
import { useT } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/types.js';

interface Props {
  media: MediaDto;
  transcribed: boolean;
  onDeleted(): void;
}

type Note = { kind: 'ok' | 'error'; text: string; path?: string } | null;

const DOWNLOADS: { what: LibraryDownload; label: MessageKey; needs: 'original' | 'transcript' }[] = [
  { what: 'original', label: 'actions.original', needs: 'original' },
  { what: 'vtt', label: 'actions.vtt', needs: 'transcript' },
  { what: 'srt', label: 'actions.srt', needs: 'transcript' },
  { what: 'json', label: 'actions.json', needs: 'transcript' },
];

/** What one can do with a recording: download it or its transcript, rename it, retry, delete it. */
export function MediaActions({ media, transcribed, onDeleted }: Props) {
  const t = useT();
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const run = (label: string, action: () => Promise<Note>) => {
    setBusy(label);
    setNote(null);
    action()
      .then(setNote, (e: unknown) => setNote({ kind: 'error', text: errorMessage(e) }))
      .finally(() => setBusy(null));
  };

  const download = (what: LibraryDownload, label: string) =>
    run(label, async () => {
      const saved = await api().invoke('library:download', media.id, what);
      return { kind: 'ok', text: t('actions.savedTo', { path: saved.path }), path: saved.path };
    });

  return (
    <div className="media-actions">
      <div className="action-group" role="group" aria-label={t('actions.download')}>
        <span className="action-label">{t('actions.download')}</span>
        {DOWNLOADS.map(({ what, label, needs }) => (
          <button
            key={what}
            type="button"
            disabled={busy !== null || (needs === 'original' ? media.originalUrl === null : !transcribed)}
            onClick={() => download(what, label)}
          >
            {busy === label ? t('actions.saving') : t(label)}
          </button>
        ))}
      </div>
      <div className="action-group">
        {media.status === 'FAILED' && (
          <button type="button" className="primary" disabled={busy !== null} onClick={() => run('retry', async () => (await api().invoke('library:retry', media.id), { kind: 'ok', text: t('actions.retrying') }))}>
            {t('actions.retry')}
          </button>
        )}
        <button type="button" onClick={() => setRenaming((r) => !r)} aria-expanded={renaming}>
          {t('actions.rename')}
        </button>
        {confirming ? (
          <span className="confirm" role="group" aria-label={t('actions.confirmDelete')}>
            <span>{t('actions.deleteQuestion', { name: media.title ?? media.filename })}</span>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                run('delete', async () => {
                  await api().invoke('library:delete', media.id);
                  onDeleted();
                  return null;
                });
              }}
            >
              {t('actions.deleteForGood')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('actions.keep')}
            </button>
          </span>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('actions.delete')}
          </button>
        )}
      </div>
      {renaming && (
        <RenameForm
          media={media}
          onDone={(text) => {
            setRenaming(false);
            if (text) setNote({ kind: 'ok', text });
          }}
        />
      )}
      {note && (
        <p className={`notice notice--${note.kind}`} role={note.kind === 'error' ? 'alert' : 'status'} data-testid="action-note" data-path={note.path}>
          {note.text}
        </p>
      )}
    </div>
  );
}

function RenameForm({ media, onDone }: { media: MediaDto; onDone(message: string | null): void }) {
  const t = useT();
  const [title, setTitle] = useState(media.title ?? media.filename);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <form
      className="rename"
      onSubmit={(e) => {
        e.preventDefault();
        setSaving(true);
        const next = title.trim();
        // The file name stays what was uploaded; the title is what people see.
        api()
          .invoke('library:rename', media.id, { title: next === '' || next === media.filename ? null : next })
          .then(
            (renamed) => {
              announceMedia(renamed);
              onDone(t('actions.renamed'));
            },
            (err: unknown) => setError(errorMessage(err)),
          )
          .finally(() => setSaving(false));
      }}
    >
      <label className="field">
        <span>{t('actions.titleField')}</span>
        <input type="text" value={title} maxLength={300} autoFocus onChange={(e) => setTitle(e.currentTarget.value)} aria-invalid={error ? 'true' : undefined} />
      </label>
      {error && <p className="field-error">{error}</p>}
      <div className="form-actions">
        <button type="button" onClick={() => onDone(null)}>
          {t('actions.cancel')}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {t('actions.saveTitle')}
        </button>
      </div>
    </form>
  );
}
