/**
 * Moment links: `#/m/MEDIA_ID?t=SECONDS` opens the app at that recording and second. A hash route
 * needs nothing from the page's server (the desktop host serves index.html at "/" only, and
 * Electron's app protocol the same), so the same link works in every shell.
 */
export interface Moment {
  mediaId: string;
  /** Seconds into the recording, or null to open it at the start. */
  time: number | null;
}

const ROUTE = /^#\/m\/([0-9A-Fa-f-]{36})(?:\?(.*))?$/;

export function parseMoment(hash: string): Moment | null {
  const match = ROUTE.exec(hash);
  if (!match?.[1]) return null;
  const t = new URLSearchParams(match[2] ?? '').get('t');
  const seconds = t === null ? NaN : Number(t);
  return { mediaId: match[1].toLowerCase(), time: Number.isFinite(seconds) && seconds >= 0 ? seconds : null };
}

export function momentHash(mediaId: string, seconds: number | null): string {
  return seconds === null ? `#/m/${mediaId}` : `#/m/${mediaId}?t=${Math.floor(seconds)}`;
}

/** The full link to share: this page's address with the moment's route. */
export function momentLink(mediaId: string, seconds: number): string {
  const { origin, pathname, search } = window.location;
  return `${origin}${pathname}${search}${momentHash(mediaId, seconds)}`;
}

/**
 * Shows the open recording in the address bar without adding history entries or firing
 * hashchange. The second stays in it: a remount that reads the route again (a clean-clone CI
 * run caught one) must find the same moment, not the recording at 0:00.
 */
export function showInAddressBar(mediaId: string | null, seconds: number | null = null): void {
  const { pathname, search } = window.location;
  const hash = mediaId ? momentHash(mediaId, seconds) : '';
  if (window.location.hash === hash) return;
  window.history.replaceState(null, '', `${pathname}${search}${hash}`);
}
