import { useRef, useState, type DragEvent } from 'react';
import { localPathsFromUriList } from '../drop-paths.js';
import { useT } from '../i18n/I18nProvider.js';

interface Props {
  /** `droppedPaths`: where the dropped files live, when the drag says so (read in place, no copy). */
  onFiles(files: File[], droppedPaths?: string[]): void;
  /** A message while files are being handed to the core (the browser host copies them first). */
  busy: string | null;
}

const ACCEPT = 'video/*,audio/*,.mkv,.mka,.flac,.opus,.m4a,.mov,.avi,.webm';

export function DropZone({ onFiles, busy }: Props) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDragLeave = (e: DragEvent<HTMLDivElement>) => {
    // dragleave also fires when the pointer moves onto a child; only leaving the zone counts.
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (!busy) onFiles(Array.from(e.dataTransfer.files), localPathsFromUriList(e.dataTransfer.getData('text/uri-list')));
  };

  return (
    <div
      className={`dropzone${over ? ' dropzone--over' : ''}`}
      data-testid="drop-zone"
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <div className="dropzone-icon" aria-hidden="true">
        ⇪
      </div>
      <p className="dropzone-title">{t('drop.title')}</p>
      <p className="dropzone-hint">{t('drop.hint')}</p>
      <button type="button" className="primary" onClick={() => input.current?.click()} disabled={busy !== null}>
        {t('drop.choose')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('drop.chooseLabel')}
        data-testid="file-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Reset so choosing the same file again fires change again.
          e.currentTarget.value = '';
          onFiles(files);
        }}
      />
      {busy && (
        <p className="dropzone-busy" role="status">
          <span className="spinner" aria-hidden="true" /> {busy}
        </p>
      )}
    </div>
  );
}
