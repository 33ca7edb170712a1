import { useEffect, useState } from 'react';
import type { IpcChannel, MediaDto, QueueItem } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';
import { AddByPath } from './AddByPath.js';
import { DropZone } from './DropZone.js';
import { LanguagePicker } from './LanguagePicker.js';
import { useUploadLanguage } from '../hooks/useUploadLanguage.js';
import { QueueRow } from './QueueRow.js';
import { useI18n } from '../i18n/I18nProvider.js';

interface Props {
  items: QueueItem[];
  error: string | null;
  mediaById: ReadonlyMap<string, MediaDto>;
  onOpenMedia(mediaId: string): void;
}

type BulkChannel = Extract<IpcChannel, 'queue:pauseAll' | 'queue:resumeAll' | 'queue:clearFinished'>;

export function QueueScreen({ items, error, mediaById, onOpenMedia }: Props) {
  const { t, rich } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [browserHost, setBrowserHost] = useState(false);
  const [language, setLanguage] = useUploadLanguage();

  useEffect(() => {
    let live = true;
    api()
      .invoke('app:info')
      .then((info) => live && setBrowserHost(info.shell === 'browser'), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  const addPaths = async (paths: string[]) => {
    setProblem(null);
    try {
      await api().invoke('queue:add', paths, { language });
    } catch (e) {
      setProblem(t('queue.addError', { error: errorMessage(e) }));
    }
  };

  const addFiles = async (files: File[], droppedPaths: string[] = []) => {
    if (files.length === 0) return;
    setProblem(null);
    setBusy(files.length === 1 ? t('queue.addingOne', { name: files[0]!.name }) : t('queue.addingMany', { count: files.length }));
    try {
      const paths = await api().pathsForFiles(files, droppedPaths);
      await api().invoke('queue:add', paths, { language });
    } catch (e) {
      setProblem(t('queue.addFilesError', { error: errorMessage(e) }));
    } finally {
      setBusy(null);
    }
  };

  const bulk = (channel: BulkChannel) => {
    setProblem(null);
    api()
      .invoke(channel)
      .catch((e: unknown) => setProblem(errorMessage(e)));
  };

  const canPause = items.some((i) => ['queued', 'preparing', 'uploading', 'retrying'].includes(i.state));
  const canResume = items.some((i) => i.state === 'paused');
  const canClear = items.some((i) => ['done', 'cancelled', 'duplicate', 'refused'].includes(i.state));

  return (
    <section className="screen" aria-labelledby="queue-title">
      <div className="screen-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <div className="toolbar">
          <button type="button" onClick={() => bulk('queue:pauseAll')} disabled={!canPause}>
            {t('queue.pauseAll')}
          </button>
          <button type="button" onClick={() => bulk('queue:resumeAll')} disabled={!canResume}>
            {t('queue.resumeAll')}
          </button>
          <button type="button" onClick={() => bulk('queue:clearFinished')} disabled={!canClear}>
            {t('queue.clearFinished')}
          </button>
        </div>
      </div>
      <LanguagePicker value={language} onChange={setLanguage} />
      <DropZone onFiles={(files, dropped) => void addFiles(files, dropped)} busy={busy} />
      {browserHost && <AddByPath onPaths={(paths) => void addPaths(paths)} busy={busy !== null} />}
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {t('queue.loadError', { error })}
        </p>
      )}
      {items.length === 0 ? (
        <p className="empty" data-testid="queue-empty">
          {rich('queue.empty', { button: <strong>{t('drop.choose')}</strong> })}
        </p>
      ) : (
        <ul className="queue" aria-label={t('queue.list')}>
          {items.map((item) => (
            <QueueRow
              key={item.id}
              item={item}
              media={item.mediaId ? mediaById.get(item.mediaId) : undefined}
              onOpenMedia={onOpenMedia}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
