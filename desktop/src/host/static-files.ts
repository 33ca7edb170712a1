import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CLIENT_PATH, SECRET_META } from './protocol.js';

/** Serves the Vite builds of the renderer and of the host's client; index.html gets the client injected. */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Headers for every page response: no framing (clickjacking), no sniffing, no referrer leaks. */
export const PAGE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;


function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The secret goes into a <meta> of the HTML (readable only by same-origin code) and the bridge is
 * a separate same-origin script, so the page's CSP can stay `script-src 'self'` with no inline code.
 * The classic script runs before the app's deferred module script, so window.biblio exists first.
 */
export function injectBridge(html: string, secret: string): string {
  const tags = `<meta name="${SECRET_META}" content="${escapeAttribute(secret)}" />\n    <script src=".${CLIENT_PATH}"></script>`;
  if (!/<head[^>]*>/i.test(html)) throw new Error('index.html has no <head>');
  return html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${tags}`);
}

export async function serveIndex(res: ServerResponse, rendererDir: string, secret: string, head: boolean): Promise<void> {
  const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => null);
  if (html === null) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`The desktop UI is not built: run "npm run desktop:build" (looked in ${rendererDir}).\n`);
    return;
  }
  const body = injectBridge(html, secret);
  res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
  res.end(head ? undefined : body);
}

/** The browser client (host-client/, built by `npm run desktop:build`), read once at start. */
export async function loadClientScript(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

export function serveClientScript(res: ServerResponse, script: string | null, file: string, head: boolean): void {
  if (script === null) {
    res.writeHead(503, { ...PAGE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`The desktop host's client is not built: run "npm run desktop:build" (looked for ${file}).\n`);
    return;
  }
  res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-store' });
  res.end(head ? undefined : script);
}

export async function serveFile(req: IncomingMessage, res: ServerResponse, rendererDir: string, pathname: string): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    relative = '\0';
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  const info = file.startsWith(root + path.sep) && !relative.includes('\0') ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) {
    res.writeHead(404, { ...PAGE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  res.writeHead(200, {
    ...PAGE_HEADERS,
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Vite puts a content hash in asset names, so they never change under the same URL.
    'Cache-Control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
