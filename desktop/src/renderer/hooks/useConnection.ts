import { useEffect, useState } from 'react';
import type { ConnectionState } from '@biblio/shared';
import { api, errorMessage } from '../biblio.js';

/** The appliance connection as the core sees it; null until the first answer. */
export function useConnection(): ConnectionState | null {
  const [state, setState] = useState<ConnectionState | null>(null);

  useEffect(() => {
    let live = true;
    let pushed = false;
    const off = api().on('connection:changed', (next) => {
      pushed = true;
      if (live) setState(next);
    });
    api()
      .invoke('connection:get')
      .then(
        (current) => {
          if (live && !pushed) setState(current);
        },
        (e: unknown) => {
          if (live && !pushed) setState({ state: 'error', error: errorMessage(e) });
        },
      );
    return () => {
      live = false;
      off();
    };
  }, []);

  return state;
}
