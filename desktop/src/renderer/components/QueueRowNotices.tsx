import type { QueueItem } from '@biblio/shared';

interface DuplicateProps {
  item: QueueItem;
  onOpenMedia(mediaId: string): void;
}

/** The link form moment links use (`#/m/:id`); a click opens the media in the app. */
export function mediaHref(mediaId: string): string {
  return `#/m/${encodeURIComponent(mediaId)}`;
}

/** State 'duplicate': nothing was uploaded; the existing media is one click away. */
export function DuplicateNotice({ item, onOpenMedia }: DuplicateProps) {
  const existing = item.duplicateOf;
  if (!existing) return null;
  const name = existing.title ?? existing.filename;
  return (
    <p className="row-note row-note--info" role="status" data-testid="duplicate-notice">
      Already in your library as{' '}
      <a
        href={mediaHref(existing.mediaId)}
        data-testid="duplicate-link"
        onClick={(e) => {
          e.preventDefault();
          onOpenMedia(existing.mediaId);
        }}
      >
        {name}
      </a>{' '}
      (added {new Date(existing.createdAt).toLocaleDateString()}). Nothing was uploaded.
    </p>
  );
}

/** State 'refused': why the local check refused it, and what "Upload anyway" means. */
export function RefusedNotice({ item }: { item: QueueItem }) {
  return (
    <p className="row-error" role="alert" data-testid="refused-reason">
      Not uploaded: {item.error ?? 'this file is not a video or audio recording'}. If your appliance supports this format, use
      Upload anyway.
    </p>
  );
}

/** State 'error' and notes: the reason, and Retry only where a new try can work. */
export function ErrorNotice({ item }: { item: QueueItem }) {
  if (!item.error) return null;
  const stopped = item.state === 'error';
  return (
    <p className="row-error" role="alert" data-testid="upload-error">
      {stopped ? 'Upload stopped: ' : ''}
      {item.error}
      {stopped ? (item.canRetry ? ' — use Retry to continue from where it stopped.' : ' — retrying cannot change this.') : ''}
    </p>
  );
}
