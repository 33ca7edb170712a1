import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { DesktopCore } from '../core/api.js';
import { bridge, type Log } from './bridge.js';
import { Guard } from './guard.js';
import { StagingArea } from './staging.js';
import { localFileClaimSchema, resolveLocalFile } from './local-files.js';
import { CLIENT_PATH, LOCAL_FILE_PATH, SECRET_HEADER, STAGING_PATH, WS_PATH, type StagedFile } from './protocol.js';
import { momentRedirect } from './moment-route.js';
import { PAGE_HEADERS, loadClientScript, serveClientScript, serveFile, serveIndex } from './static-files.js';

export interface HostOptions {
  core: DesktopCore;
  /** The Vite build of the renderer (desktop/dist/renderer). */
  rendererDir: string;
  /** The Vite build of the page-side client (default: host-client/host.js beside rendererDir). */
  clientFile?: string;
  /** Where picked files are copied so the core can read them: `<stateDir>/staging`. */
  stagingDir: string;
  /** 0 picks a free port. Always bound to 127.0.0.1: the host must not be reachable from the network. */
  port?: number;
  log?: Log;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

const noop: Log = () => undefined;

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${body}\n`);
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A small JSON body (a local-file claim); anything larger or malformed is undefined. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > 16 * 1024) return undefined;
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { core, rendererDir } = options;
  const log = options.log ?? noop;
  const secret = randomBytes(32).toString('base64url');
  const staging = new StagingArea(options.stagingDir);
  const clientFile = options.clientFile ?? path.join(rendererDir, '..', 'host-client', 'host.js');
  const client = await loadClientScript(clientFile);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  let guard: Guard | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!guard?.hostAllowed(req)) return text(res, 403, 'Forbidden: open the address the host printed (127.0.0.1).');
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (pathname === STAGING_PATH) {
      if (req.method !== 'PUT') return text(res, 405, 'Use PUT');
      if (!guard.originAllowed(req) || !guard.secretMatches(req.headers[SECRET_HEADER] as string | undefined)) {
        return text(res, 403, 'Forbidden');
      }
      const staged = await staging.receive(req, searchParams.get('name'));
      res.writeHead(201, { ...PAGE_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ path: staged } satisfies StagedFile));
      return;
    }
    if (pathname === LOCAL_FILE_PATH) {
      if (req.method !== 'POST') return text(res, 405, 'Use POST');
      if (!guard.originAllowed(req) || !guard.secretMatches(req.headers[SECRET_HEADER] as string | undefined)) {
        return text(res, 403, 'Forbidden');
      }
      const claim = localFileClaimSchema.safeParse(await readJson(req));
      if (!claim.success) return text(res, 400, 'Expected {path, name, size, lastModified}');
      const local = await resolveLocalFile(claim.data);
      if (!local) return text(res, 404, 'Not that file');
      log('info', `host: queued ${local} in place (no copy)`);
      res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ path: local } satisfies StagedFile));
      return;
    }
    if (!read) return text(res, 405, 'Method not allowed');
    if (pathname === '/' || pathname === '/index.html') return serveIndex(res, rendererDir, secret, req.method === 'HEAD');
    const moment = momentRedirect(pathname, searchParams);
    if (moment) {
      res.writeHead(302, { ...PAGE_HEADERS, Location: moment, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (pathname === CLIENT_PATH) return serveClientScript(res, client, clientFile, req.method === 'HEAD');
    return serveFile(req, res, rendererDir, pathname);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log('error', `host: ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) text(res, 500, `Failed: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!guard?.hostAllowed(req) || pathname !== WS_PATH) return refuseUpgrade(socket, '404 Not Found');
    if (!guard.originAllowed(req) || !guard.secretMatches(searchParams.get('secret'))) {
      log('warn', `host: refused a WebSocket from origin ${req.headers.origin ?? '(none)'}`);
      return refuseUpgrade(socket, '403 Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, core, log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard = new Guard(port, secret);

  // Staged copies are only needed until their upload is done: clean up now and as the queue moves.
  let sweeping = false;
  let lastSweep = 0;
  const sweep = (items: Parameters<StagingArea['sweep']>[0]) => {
    if (sweeping) return;
    sweeping = true;
    lastSweep = Date.now();
    staging
      .sweep(items)
      .then((removed) => removed > 0 && log('info', `host: removed ${removed} staged file(s) no longer needed`))
      .catch((error: unknown) => log('warn', 'host: staging cleanup failed', error))
      .finally(() => (sweeping = false));
  };
  void core.invoke('queue:list', []).then(sweep, () => undefined);
  const offQueue = core.on('queue:changed', (items) => {
    if (Date.now() - lastSweep > 30_000) sweep(items);
  });

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async close() {
      offQueue();
      for (const ws of wss.clients) ws.close(1001, 'host shutting down');
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
