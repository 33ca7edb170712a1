import { Notification } from 'electron';
import type { MediaEvent, MediaStatus } from '@biblio/shared';

/**
 * A desktop notification when a recording becomes READY or FAILED. Only transitions seen in this
 * session count, so a reconnect that replays current states does not notify again.
 */
export function createMediaNotifier(enabled: () => boolean, onClick: () => void): (event: MediaEvent) => void {
  const last = new Map<string, MediaStatus>();
  return (event) => {
    const media = event.media;
    if (event.type === 'media.deleted') last.delete(event.mediaId);
    if (!media) return;
    const previous = last.get(media.id);
    last.set(media.id, media.status);
    if (previous === undefined || previous === media.status) return;
    if (media.status !== 'READY' && media.status !== 'FAILED') return;
    if (!enabled() || !Notification.isSupported()) return;
    const name = media.title ?? media.filename;
    const notification = new Notification(
      media.status === 'READY'
        ? { title: `${name} is ready`, body: 'Play it or search its transcript in Biblio.' }
        : { title: `${name} failed to process`, body: media.error ?? 'Open Biblio to see why and retry.' },
    );
    notification.on('click', onClick);
    notification.show();
  };
}
