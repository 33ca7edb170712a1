/**
 * Local paths from a drag's `text/uri-list` (RFC 2483: one URI a line, # comments). Only
 * file:// URIs on this machine count; Windows drive paths come back with backslashes.
 */
export function localPathsFromUriList(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const uri = line.trim();
    if (!uri || uri.startsWith('#')) continue;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      continue;
    }
    if (url.protocol !== 'file:' || (url.hostname !== '' && url.hostname !== 'localhost')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      continue;
    }
    paths.push(/^\/[A-Za-z]:\//.test(decoded) ? decoded.slice(1).replace(/\//g, '\\') : decoded);
  }
  return paths;
}
