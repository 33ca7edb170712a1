import { useEffect, useState } from 'react';
import type { LibraryImage } from '@biblio/shared';
import { api } from '../biblio.js';

/**
 * Posters and sprites come through the core as data: URLs (the appliance wants the token the
 * renderer never holds). They do not change once made, so each is fetched once per session;
 * a failure is forgotten, so a later render can try again once the image exists.
 */
const cache = new Map<string, Promise<string>>();
const MAX_CACHED = 400;

function load(mediaId: string, which: LibraryImage): Promise<string> {
  const key = `${mediaId}:${which}`;
  let entry = cache.get(key);
  if (!entry) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    entry = api().invoke('library:image', mediaId, which);
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

/** The image as a data: URL, or null while it loads, when it failed, or when `enabled` is false. */
export function useMediaImage(mediaId: string, which: LibraryImage, enabled: boolean): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    load(mediaId, which).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [mediaId, which, enabled]);
  return enabled ? src : null;
}
