import type { MediaDto } from '@biblio/shared';

/**
 * Changes this window made itself (a rename answers with the new media): every list shows them at
 * once, whether or not the appliance also sends an event for them.
 */
type Listener = (media: MediaDto) => void;
const listeners = new Set<Listener>();

export function announceMedia(media: MediaDto): void {
  for (const listener of listeners) listener(media);
}

export function onAnnouncedMedia(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Replaces `media` in `list` when present (by id); the list is unchanged otherwise. */
export function replaceIn(list: MediaDto[], media: MediaDto): MediaDto[] {
  return list.some((m) => m.id === media.id) ? list.map((m) => (m.id === media.id ? media : m)) : list;
}
