import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createApp } from '../http/app.js';
import { createTusHandler } from '../http/tus-server.js';
import { Accounts } from '../services/accounts.js';
import { OutboxRelay } from '../services/outbox-relay.js';
import { PlaybackService } from '../services/playback.js';
import { PlaybackKeys } from '../services/playback-keys.js';
import { RetryService } from '../services/retry.js';
import { SearchService } from '../services/search.js';
import { Uploads } from '../services/uploads.js';
import { startAdminSocket } from './admin-socket.js';
import type { SharedParts } from './shared-parts.js';

/** The serving side: tus, REST, SSE, signed playback, the outbox relay and the admin socket. */
export async function startApiRole(parts: SharedParts, info: { version: string; engines: Record<string, string> }) {
  const { config, log, db } = parts;
  const stops: (() => Promise<void>)[] = [];
  const metrics = parts.metrics;
  const accounts = new Accounts(db);
  const relay = new OutboxRelay(db, parts.queue, log);
  const uploads = new Uploads(db, parts.media, () => relay.nudge());
  relay.start();
  stops.push(() => relay.stop());
  const { generatedToken } = await accounts.bootstrapAdmin(config.adminToken);
  const playbackKeys = new PlaybackKeys(db.processing);
  const playback = new PlaybackService(db.media, db.processing, parts.assets, playbackKeys, config.playbackTtlSec);

  const check = (name: string, run: () => Promise<void>) => ({ name, engine: info.engines[name] ?? name, check: run });
  const app = createApp({
    accounts,
    media: parts.media,
    events: parts.events,
    tus: createTusHandler({
      storage: parts.storage,
      uploads,
      maxUploadBytes: config.maxUploadBytes,
      trustProxy: config.trustProxy,
      metrics,
      ...(parts.locker ? { locker: parts.locker } : {}),
      log,
    }),
    healthChecks: [
      check('database', () => db.ping()),
      check('queue', () => parts.queue.ping()),
      check('storage', () => parts.storage.ping()),
      check('ffmpeg', async () => undefined),
      check('embedder', async () => undefined),
      ...(info.engines['stt'] ? [check('stt', async () => undefined)] : []),
    ],
    metrics: metrics.registry,
    processing: {
      db,
      processing: db.processing,
      assets: parts.assets,
      playback,
      search: new SearchService(db.processing, parts.embedder),
      retry: new RetryService(db, parts.queue, parts.media),
      queue: parts.queue,
    },
    trustProxy: config.trustProxy,
    version: info.version,
    log,
  });
  const server = createServer((req, res) => void app.handle(req, res));
  // Uploads of huge files stream for hours: no overall request timeout, but drop dead sockets.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await listen(server, config.port, config.host);
  stops.push(() => closeServer(server, app.closeEventStreams));

  if (!config.databaseUrl) {
    const adminSocket = await startAdminSocket(path.join(config.dataDir, 'admin.sock'), accounts, log, playbackKeys);
    stops.push(() => adminSocket.close());
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    generatedAdminToken: generatedToken,
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting, ends event streams, lets in-flight requests finish (bounded), then closes. */
async function closeServer(server: Server, closeEventStreams: () => void): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  closeEventStreams();
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearTimeout(timer);
}
