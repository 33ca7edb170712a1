/**
 * `/m/MEDIA_ID?t=SECONDS`, the shareable moment form, answered with the renderer's own route
 * (`/#/m/MEDIA_ID?t=SECONDS`): the page's hash router opens that recording at that second, and a
 * link that was typed or pasted without the `#` still works. Anything else is not a moment.
 */
const MOMENT_PATH = /^\/m\/([0-9A-Fa-f-]{36})\/?$/;

export function momentRedirect(pathname: string, searchParams: URLSearchParams): string | null {
  const match = MOMENT_PATH.exec(pathname);
  if (!match) return null;
  const t = Number(searchParams.get('t'));
  const at = searchParams.has('t') && Number.isFinite(t) && t >= 0 ? `?t=${Math.floor(t)}` : '';
  return `/#/m/${match[1]!.toLowerCase()}${at}`;
}
