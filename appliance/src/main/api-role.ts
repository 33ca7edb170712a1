import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createApp } from '../http/app.js';
import { AuthGuard } from '../http/auth.js';
import { configuredOrigin, publicOrigin } from '../http/request-origin.js';
import { answerClientError } from '../http/client-error.js';
import { lingerOnClose } from '../http/lingering-close.js';
import { FailureLimiter } from '../domain/failure-limiter.js';
import { systemClock } from '../ports/clock.js';
import { Quotas } from '../services/quotas.js';
import { createTusHandler } from '../http/tus-server.js';
import { Accounts } from '../services/accounts.js';
import { OutboxRelay } from '../services/outbox-relay.js';
import { PlaybackService } from '../services/playback.js';
import { Reconciler } from '../services/reconciler.js';
import { PlaybackKeys } from '../services/playback-keys.js';
import { RetranscribeService } from '../services/retranscribe.js';
import { RetryService } from '../services/retry.js';
import { TranscriptEditing } from '../services/transcript-editing.js';
import { SearchService } from '../services/search.js';
import { Uploads } from '../services/uploads.js';
import { UploadDigests } from '../services/upload-digests.js';
import { startAdminSocket } from './admin-socket.js';
import type { SharedParts } from './shared-parts.js';

/** The serving side: tus, REST, SSE, signed playback, the outbox relay and the admin socket. */
export async function startApiRole(parts: SharedParts, info: { version: string; engines: Record<string, string>; sttLanguages?: readonly string[] | 'any' }) {
  const { config, log, db } = parts;
  const stops: (() => Promise<void>)[] = [];
  const metrics = parts.metrics;
  const accounts = new Accounts(db);
  const relay = new OutboxRelay(db, parts.queue, log);
  const quotas = new Quotas(db, config.quotaDefaults);
  const uploads = new Uploads(db, parts.media, () => relay.nudge(), quotas);
  relay.start();
  stops.push(() => relay.stop());
  const { generatedToken } = await accounts.bootstrapAdmin(config.adminToken);
  const playbackKeys = new PlaybackKeys(db.processing);
  const playback = new PlaybackService(db.media, db.processing, parts.assets, playbackKeys, config.playbackTtlSec);

  // Absolute URLs we hand out use the configured public origin, never the Host header.
  const originOf = (req: Parameters<typeof publicOrigin>[0]) =>
    publicOrigin(req, { publicUrl: config.publicUrl, trustProxy: config.trustProxy, host: config.host });
  const check = (name: string, run: () => Promise<void | { degraded: string }>) => ({ name, engine: info.engines[name] ?? name, check: run });
  const app = createApp({
    accounts,
    media: parts.media,
    events: parts.events,
    tus: createTusHandler({
      storage: parts.storage,
      uploads,
      digests: new UploadDigests(db, parts.storage, log, (reason) => metrics.uploadHashChainBreaks.inc({ reason })),
      maxUploadBytes: config.maxUploadBytes,
      // '' = a relative Location when no public origin is configured (see configuredOrigin).
      publicOrigin: (req) => configuredOrigin(req, { publicUrl: config.publicUrl, trustProxy: config.trustProxy, host: config.host }) ?? '',
      corsOrigins: config.corsOrigins,
      metrics,
      ...(parts.locker ? { locker: parts.locker } : {}),
      log,
    }),
    healthChecks: [
      check('database', () => db.ping()),
      check('queue', async () => (await parts.watchdog.health()) ?? relay.lag()),
      check('storage', async () => (await parts.storage.ping(), parts.diskGuard.health())),
      check('ffmpeg', async () => undefined),
      check('embedder', async () => undefined),
      ...(info.engines['stt'] ? [{ ...check('stt', async () => undefined), languages: info.sttLanguages === 'any' ? ['*'] : (info.sttLanguages ?? []) }] : []),
    ],
    metrics: metrics.registry,
    processing: {
      db,
      assetRecords: db.processing,
      history: db.processing,
      editing: new TranscriptEditing(db.processing, parts.embedder),
      assets: parts.assets,
      playback,
      search: new SearchService(db.processing, parts.embedder),
      retry: new RetryService(db, parts.queue, parts.media, new Reconciler(db, parts.queue, log)),
      queue: parts.queue,
      retranscribe: new RetranscribeService(db, db.processing, parts.queue, parts.media),
      publicOrigin: originOf,
    },
    auth: new AuthGuard({
      accounts,
      limiter: new FailureLimiter({ maxFailures: config.authFailures.max, windowMs: config.authFailures.windowMs }),
      clock: systemClock,
      countFailure: (reason) => metrics.authFailures.inc({ reason }),
      log,
      trustProxy: config.trustProxy,
    }),
    quotas,
    corsOrigins: config.corsOrigins,
    version: info.version,
    log,
    ensureRoom: (bytes) => parts.diskGuard.ensureRoom(bytes),
  });
  const server = createServer((req, res) => void app.handle(req, res));
  server.on('clientError', answerClientError);
  lingerOnClose(server);
  // Uploads of huge files stream for hours: no overall request timeout, but drop dead sockets.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await listen(server, config.port, config.host);
  stops.push(() => closeServer(server, app.closeEventStreams));

  if (!config.databaseUrl) {
    const adminSocket = await startAdminSocket(path.join(config.dataDir, 'admin.sock'), accounts, log, { quotas, playbackKeys });
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

/**
 * How long requests in flight may finish at shutdown. Short on purpose: an upload cut here
 * resumes from its stored offset, so waiting on a slow or stalled PATCH only delays the exit.
 */
const HTTP_DRAIN_MS = 3_000;

/** Stops accepting, ends event streams, lets in-flight requests finish (bounded), then closes. */
async function closeServer(server: Server, closeEventStreams: () => void): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  closeEventStreams();
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), HTTP_DRAIN_MS);
  await closed;
  clearTimeout(timer);
}
