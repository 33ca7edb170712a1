import type { QueueItem } from '@biblio/shared';
import { formatDay } from '../format.js';
import { useI18n, useT } from '../i18n/I18nProvider.js';

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
  const { rich, locale } = useI18n();
  const existing = item.duplicateOf;
  if (!existing) return null;
  const name = existing.title ?? existing.filename;
  return (
    <p className="row-note row-note--info" role="status" data-testid="duplicate-notice">
      {rich('row.duplicate', {
        link: (
          <a
            href={mediaHref(existing.mediaId)}
            data-testid="duplicate-link"
            onClick={(e) => {
              e.preventDefault();
              onOpenMedia(existing.mediaId);
            }}
          >
            {name}
          </a>
        ),
        date: formatDay(existing.createdAt, locale),
      })}
    </p>
  );
}

/** State 'refused': why the local check refused it, and what "Upload anyway" means. */
export function RefusedNotice({ item }: { item: QueueItem }) {
  const t = useT();
  return (
    <p className="row-error" role="alert" data-testid="refused-reason">
      {t('row.refused', { reason: item.error ?? t('row.refusedDefault') })}
    </p>
  );
}

/** State 'error' and notes: the reason, and Retry only where a new try can work. */
export function ErrorNotice({ item }: { item: QueueItem }) {
  const t = useT();
  if (!item.error) return null;
  const stopped = item.state === 'error';
  // The reason is the core's or the appliance's own text; only the wording around it is ours.
  return (
    <p className="row-error" role="alert" data-testid="upload-error">
      {stopped ? t(item.canRetry ? 'row.stoppedRetry' : 'row.stoppedFinal', { error: item.error }) : item.error}
    </p>
  );
}
