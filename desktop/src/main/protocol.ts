import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The renderer is served from app://biblio/ instead of file:// (Electron security checklist:
 * "use custom protocols"): file:// pages get extra privileges (reading any local file via fetch),
 * and Vite's module scripts need a real origin. With this, the file-protocol fuse can stay off.
 */
export const SCHEME = 'app';
export const PAGE_URL = `${SCHEME}://biblio/index.html`;

/**
 * Must run before app 'ready'. Deliberately not `secure`: a secure page may not load http://
 * (mixed content), and on-prem appliances are often plain http on the LAN; hls.js fetches from it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, supportFetchAPI: true, corsEnabled: true } }]);
}

/** Serves only files inside the renderer build; anything else (e.g. `..` tricks) is a 404. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(SCHEME, (request) => {
    const url = new URL(request.url);
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== 'biblio' || !file.startsWith(root + path.sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).href);
  });
}
