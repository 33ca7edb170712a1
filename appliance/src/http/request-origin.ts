import type { IncomingMessage } from 'node:http';
import { resolvePublicOrigin } from '../domain/public-origin.js';

export interface OriginConfig {
  publicUrl: string | undefined;
  trustProxy: boolean;
  /** The configured listen host (BIBLIO_HOST). */
  host: string;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

function bracket(host: string): string {
  const plain = host.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  return plain.includes(':') ? `[${plain}]` : plain;
}

/**
 * The origin for absolute URLs in a response, never from the Host header. On a wildcard bind
 * the socket's local address (the interface the client really reached) stands in for the host,
 * and the port is always the socket's: the kernel sets both, so a client cannot spoof them.
 */
export function publicOrigin(req: IncomingMessage, config: OriginConfig): string {
  const host = WILDCARD.has(config.host) ? (req.socket.localAddress ?? '127.0.0.1') : config.host;
  return resolvePublicOrigin({
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    listenOrigin: `http://${bracket(host)}:${req.socket.localPort ?? 80}`,
    forwardedProto: headerText(req.headers['x-forwarded-proto']),
    forwardedHost: headerText(req.headers['x-forwarded-host']),
  });
}

/**
 * The origin for the tus Location header, only when it is known for sure: BIBLIO_PUBLIC_URL, or
 * a trusted proxy's X-Forwarded-* headers. Otherwise undefined, and the Location is a relative
 * path: tus clients resolve it against the URL they actually used, which is right through NAT, a
 * TCP proxy or a port forward, where the address we listen on is not what the client reached.
 */
export function configuredOrigin(req: IncomingMessage, config: OriginConfig): string | undefined {
  if (config.publicUrl) return publicOrigin(req, config);
  if (config.trustProxy && (req.headers['x-forwarded-host'] || req.headers['x-forwarded-proto'])) return publicOrigin(req, config);
  return undefined;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
