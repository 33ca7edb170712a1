import { useEffect, useRef } from 'react';
import { parseMoment, type Moment } from '../library/moment.js';

/** Opens the moment in the address bar when the page loads and whenever the hash changes. */
export function useMomentRoute(open: (moment: Moment) => void): void {
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => {
    const follow = () => {
      const moment = parseMoment(window.location.hash);
      if (moment) latest.current(moment);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
}
