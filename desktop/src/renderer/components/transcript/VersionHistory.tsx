import { useEffect, useState } from 'react';
import type { TranscriptChange, TranscriptVersionsList, TranscriptVersionView } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import { formatDate, formatTime } from '../../format.js';
import { sourceKey, type SourceKey } from '../../library/transcript-edit.js';
import { useI18n } from '../../i18n/I18nProvider.js';

const TEXT = {
  title: 'Version history',
  loading: 'Loading the history…',
  empty: 'No versions yet.',
  failed: (message: string) => `Could not load the history: ${message}`,
  version: (n: number) => `Version ${n}`,
  current: 'current',
  lines: (n: number) => `${n} ${n === 1 ? 'line' : 'lines'}`,
  by: (author: string) => `by ${author}`,
  view: 'View',
  hide: 'Hide',
  restore: 'Restore',
  confirm: (n: number) => `Restore version ${n}? The current text stays in the history.`,
  yes: 'Restore it',
  no: 'Keep the current one',
  more: (n: number) => `… and ${n} more lines`,
  source: { stt: 'speech-to-text', imported: 'imported', edited: 'edited', restored: 'restored', unknown: 'unknown' } satisfies Record<SourceKey, string>,
};
const PREVIEW_LINES = 30;

interface Props {
  mediaId: string;
  /** The version on screen; a restore is based on it. */
  currentVersion: number;
  onChange(change: TranscriptChange): void;
}

/** Every version of the transcript, who made it and when; view an old one, restore it after a yes. */
export function VersionHistory({ mediaId, currentVersion, onChange }: Props) {
  const { locale } = useI18n();
  const [list, setList] = useState<TranscriptVersionsList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<TranscriptVersionView | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api()
      .invoke('transcript:versions', mediaId)
      .then(
        (answer) => live && setList(answer),
        (e: unknown) => live && setError(errorMessage(e)),
      );
    return () => {
      live = false;
    };
  }, [mediaId, currentVersion]);

  const view = (v: number) => {
    if (viewing?.version === v) return setViewing(null);
    api().invoke('transcript:version', mediaId, v).then(setViewing, (e: unknown) => setError(errorMessage(e)));
  };
  const restore = (v: number) => {
    setBusy(true);
    api()
      .invoke('transcript:restore', mediaId, v, { version: currentVersion })
      .then(onChange, (e: unknown) => setError(errorMessage(e)))
      .finally(() => {
        setBusy(false);
        setConfirming(null);
      });
  };

  return (
    <section className="version-history" aria-label={TEXT.title} data-testid="version-history">
      <h4>{TEXT.title}</h4>
      {error && (
        <p className="notice notice--error" role="alert">
          {TEXT.failed(error)}
        </p>
      )}
      {!list && !error && <p className="empty">{TEXT.loading}</p>}
      {list && list.versions.length === 0 && <p className="empty">{TEXT.empty}</p>}
      {list && list.versions.length > 0 && (
        <ol className="version-list">
          {[...list.versions].reverse().map((v) => (
            <li key={v.version} data-testid="version-row">
              <span className="version-name">
                {TEXT.version(v.version)}
                {v.version === list.current ? ` (${TEXT.current})` : ''}
              </span>
              <span className="card-meta">
                <span>{TEXT.source[sourceKey(v.source)]}</span>
                {v.author && <span>{TEXT.by(v.author)}</span>}
                <span>{formatDate(v.createdAt, locale)}</span>
                <span>{TEXT.lines(v.segmentCount)}</span>
              </span>
              <span className="version-actions">
                <button type="button" className="link" onClick={() => view(v.version)}>
                  {viewing?.version === v.version ? TEXT.hide : TEXT.view}
                </button>
                {v.version !== list.current && (
                  <button type="button" className="link" disabled={busy} onClick={() => setConfirming(v.version)}>
                    {TEXT.restore}
                  </button>
                )}
              </span>
              {confirming === v.version && (
                <div className="confirm" role="alertdialog" aria-label={TEXT.confirm(v.version)}>
                  <span>{TEXT.confirm(v.version)}</span>
                  <button type="button" className="danger" disabled={busy} onClick={() => restore(v.version)}>
                    {TEXT.yes}
                  </button>
                  <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
                    {TEXT.no}
                  </button>
                </div>
              )}
              {viewing?.version === v.version && (
                <ol className="version-preview">
                  {viewing.segments.slice(0, PREVIEW_LINES).map((s, i) => (
                    <li key={i}>
                      <span className="segment-time">{formatTime(s.start)}</span> {s.speakerName ? <strong>{s.speakerName}: </strong> : null}
                      {s.text}
                    </li>
                  ))}
                  {viewing.segments.length > PREVIEW_LINES && <li>{TEXT.more(viewing.segments.length - PREVIEW_LINES)}</li>}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
