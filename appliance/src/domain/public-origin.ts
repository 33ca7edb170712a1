/**
 * The origin put into absolute URLs we hand out (tus Location, playback URLs). It must never
 * come from a client's Host header: a spoofed Host would make us publish links to an attacker's
 * server (cache poisoning, token-leaking uploads). Order: the configured BIBLIO_PUBLIC_URL; then,
 * only behind a trusted proxy, X-Forwarded-Proto/Host; else the address we listen on.
 */
export interface OriginSources {
  publicUrl: string | undefined;
  trustProxy: boolean;
  listenOrigin: string;
  forwardedProto?: string | undefined;
  forwardedHost?: string | undefined;
}

/** host[:port] as a proxy may send it: a DNS name, IPv4 or [IPv6], no path, user or spaces. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function resolvePublicOrigin(sources: OriginSources): string {
  if (sources.publicUrl) return stripTrailingSlash(sources.publicUrl);
  if (sources.trustProxy) {
    const host = firstValue(sources.forwardedHost);
    const proto = firstValue(sources.forwardedProto)?.toLowerCase();
    if (host && HOST.test(host)) {
      return `${proto === 'https' ? 'https' : 'http'}://${host}`;
    }
    if (proto === 'https' || proto === 'http') {
      return `${proto}://${new URL(sources.listenOrigin).host}`;
    }
  }
  return stripTrailingSlash(sources.listenOrigin);
}

/** Proxies append to X-Forwarded-*: the first value is what the client's proxy saw. */
function firstValue(header: string | undefined): string | undefined {
  const value = header?.split(',')[0]?.trim();
  return value ? value : undefined;
}

function stripTrailingSlash(origin: string): string {
  return origin.replace(/\/+$/, '');
}
