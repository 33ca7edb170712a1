import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers every response gets. This is an API, not a website: nothing it serves should be
 * sniffed into HTML, framed, or leak a signed URL through Referer. Routes that stream media or
 * HTML-free text set their own Cache-Control; JSON keeps no-store (respond.ts).
 */
export function applySecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
}

/** Headers a browser at an allowed origin may read (tus needs its own to resume uploads). */
const EXPOSED = [
  'Location',
  'Upload-Offset',
  'Upload-Length',
  'Upload-Metadata',
  'Upload-Expires',
  'Upload-Defer-Length',
  'Tus-Resumable',
  'Tus-Version',
  'Tus-Extension',
  'Tus-Max-Size',
  'Retry-After',
  'X-Request-Id',
  // Downloads of originals and subtitles (a browser client resuming or naming a file).
  'Content-Range',
  'Content-Disposition',
  'Accept-Ranges',
  'ETag',
].join(', ');

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Upload-Offset',
  'Upload-Length',
  'Upload-Metadata',
  'Upload-Defer-Length',
  'Upload-Concat',
  'Tus-Resumable',
  'X-HTTP-Method-Override',
  'X-Requested-With',
  'Range',
  'If-Range',
].join(', ');

/**
 * CORS for the configured browser origins only (none by default: the desktop app is not a web
 * page and needs none). Returns true when it answered a preflight itself. Bearer tokens are sent
 * explicitly, never as cookies, so credentials mode is not enabled.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins.includes(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
    });
    res.end();
    return true;
  }
  return false;
}
