import { useEffect, useState } from 'react';
import type { QueueItem } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';

/** The upload queue: the initial list, then every `queue:changed` push (the core sends it whole). */
export function useQueue(): { items: QueueItem[]; error: string | null } {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // A push can overtake the initial list; the push is newer, so the list must not overwrite it.
    let pushed = false;
    const off = api().on('queue:changed', (next) => {
      pushed = true;
      if (live) setItems(next);
    });
    api()
      .invoke('queue:list')
      .then(
        (list) => {
          if (live && !pushed) setItems(list);
        },
        (e: unknown) => {
          if (live) setError(errorMessage(e));
        },
      );
    return () => {
      live = false;
      off();
    };
  }, []);

  return { items, error };
}
