import { useEffect, useState } from 'react';
import type { TranscriptChange, TranscriptVersionsList, TranscriptVersionView } from '@biblio/shared';
import { api, errorMessage } from '../../biblio.js';
import { formatDate, formatTime } from '../../format.js';
import { sourceKey, type SourceKey } from '../../library/transcript-edit.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/types.js';

const PREVIEW_LINES = 30;
const SOURCE_NAMES = {
  stt: 'history.source.stt',
  imported: 'history.source.imported',
  edited: 'history.source.edited',
  restored: 'history.source.restored',
  unknown: 'history.source.unknown',
} as const satisfies Record<SourceKey, MessageKey>;

interface Props {
  mediaId: string;
  /** The version on screen; a restore is based on it. */
  currentVersion: number;
  onChange(change: TranscriptChange): void;
}

/** Every version of the transcript, who made it and when; view an old one, restore it after a yes. */
export function VersionHistory({ mediaId, currentVersion, onChange }: Props) {
  const { locale, t } = useI18n();
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
    <section className="version-history" aria-label={t('history.title')} data-testid="version-history">
      <h4>{t('history.title')}</h4>
      {error && (
        <p className="notice notice--error" role="alert">
          {t('history.failed', { error })}
        </p>
      )}
      {!list && !error && <p className="empty">{t('history.loading')}</p>}
      {list && list.versions.length === 0 && <p className="empty">{t('history.empty')}</p>}
      {list && list.versions.length > 0 && (
        <ol className="version-list">
          {[...list.versions].reverse().map((v) => (
            <li key={v.version} data-testid="version-row">
              <span className="version-name">
                {t('history.version', { version: v.version })}
                {v.version === list.current ? ` ${t('history.current')}` : ''}
              </span>
              <span className="card-meta">
                <span>{t(SOURCE_NAMES[sourceKey(v.source)])}</span>
                {v.author && <span>{t('history.by', { author: v.author })}</span>}
                <span>{formatDate(v.createdAt, locale)}</span>
                <span>{t('history.lines', { count: v.segmentCount })}</span>
              </span>
              <span className="version-actions">
                <button type="button" className="link" onClick={() => view(v.version)}>
                  {viewing?.version === v.version ? t('history.hide') : t('history.view')}
                </button>
                {v.version !== list.current && (
                  <button type="button" className="link" disabled={busy} onClick={() => setConfirming(v.version)}>
                    {t('history.restore')}
                  </button>
                )}
              </span>
              {confirming === v.version && (
                <div className="confirm" role="alertdialog" aria-label={t('history.confirm', { version: v.version })}>
                  <span>{t('history.confirm', { version: v.version })}</span>
                  <button type="button" className="danger" disabled={busy} onClick={() => restore(v.version)}>
                    {t('history.yes')}
                  </button>
                  <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
                    {t('history.no')}
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
                  {viewing.segments.length > PREVIEW_LINES && <li>{t('history.more', { count: viewing.segments.length - PREVIEW_LINES })}</li>}
                </ol>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
