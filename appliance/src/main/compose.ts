import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { openDatabase } from '../adapters/db/connect.js';
import { RedisEventBus } from '../adapters/events/redis-event-bus.js';
import { createMetrics } from '../adapters/metrics/registry.js';
import { BullmqPipelineQueue } from '../adapters/queue/bullmq-pipeline-queue.js';
import { startEmbeddedRedis } from '../adapters/queue/embedded-redis.js';
import { startMaintenance } from '../adapters/queue/maintenance.js';
import { lockDataDir } from '../adapters/system/data-dir-lock.js';
import { requireTool } from '../adapters/system/tools.js';
import { createApp } from '../http/app.js';
import { createTusHandler } from '../http/tus-server.js';
import { systemClock } from '../ports/clock.js';
import { Accounts } from '../services/accounts.js';
import { MediaService } from '../services/media-service.js';
import { OutboxRelay } from '../services/outbox-relay.js';
import { Sweeper } from '../services/sweeper.js';
import { Uploads } from '../services/uploads.js';
import { startAdminSocket } from './admin-socket.js';
import { openStorage } from './storage.js';

export const VERSION = '0.1.0';

export interface RunningAppliance {
  url: string;
  generatedAdminToken: string | undefined;
  stop(): Promise<void>;
}

/**
 * Composition root of the all-in-one appliance: wires adapters to services to HTTP. The only
 * place that knows which concrete adapter implements which port.
 */
export async function startAppliance(config: AppConfig, log: Logger): Promise<RunningAppliance> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
    }
  };
  try {
    const ffmpegVersion = requireTool('ffmpeg', ['-version']);
    requireTool('ffprobe', ['-version']);
    if (!config.databaseUrl) cleanups.push(await lockDataDir(config.dataDir, 'the Biblio appliance'));

    const embeddedRedis = config.redisUrl ? undefined : await startEmbeddedRedis(config.dataDir, log);
    if (embeddedRedis) cleanups.push(() => embeddedRedis.stop());
    const redisUrl = config.redisUrl ?? embeddedRedis!.url;

    const db = await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'pglite', dataDir: path.join(config.dataDir, 'db') },
    );
    cleanups.push(() => db.close());
    const storage = await openStorage(config);

    const redisError = (err: Error) => log.warn({ err: err.message }, 'redis connection problem');
    const events = new RedisEventBus(redisUrl, redisError);
    cleanups.push(() => events.close());
    const queue = new BullmqPipelineQueue(redisUrl, redisError);
    cleanups.push(() => queue.close());

    const metrics = createMetrics();
    const accounts = new Accounts(db);
    const media = new MediaService(db, storage, events);
    const relay = new OutboxRelay(db, queue, log);
    const uploads = new Uploads(db, media, () => relay.nudge());
    relay.start();
    cleanups.push(() => relay.stop());

    const sweeper = new Sweeper(
      db,
      storage,
      media,
      { uploadTtlMs: config.uploadTtlMs, retentionMs: config.retentionMs },
      systemClock,
      log,
    );
    const maintenance = await startMaintenance(redisUrl, config.sweepIntervalMs, () => sweeper.sweep(), log);
    cleanups.push(() => maintenance.close());

    const { generatedToken } = await accounts.bootstrapAdmin(config.adminToken);

    const app = createApp({
      accounts,
      media,
      events,
      tus: createTusHandler({ storage, uploads, maxUploadBytes: config.maxUploadBytes, trustProxy: config.trustProxy, metrics, log }),
      healthChecks: [
        { name: 'database', engine: db.engine, check: () => db.ping() },
        { name: 'queue', engine: embeddedRedis ? 'redis (embedded)' : 'redis', check: () => queue.ping() },
        { name: 'storage', engine: storage.engine, check: () => storage.ping() },
        { name: 'ffmpeg', engine: ffmpegVersion, check: async () => undefined },
      ],
      metrics: metrics.registry,
      version: VERSION,
      log,
    });
    const server = createServer((req, res) => void app.handle(req, res));
    // Uploads of huge files stream for hours: no overall request timeout, but drop dead sockets.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    server.keepAliveTimeout = 65_000;
    await listen(server, config.port, config.host);
    cleanups.push(() => closeServer(server, app.closeEventStreams));

    if (!config.databaseUrl) {
      const adminSocket = await startAdminSocket(path.join(config.dataDir, 'admin.sock'), accounts, log);
      cleanups.push(() => adminSocket.close());
    }

    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    return { url, generatedAdminToken: generatedToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
