import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { openDatabase } from '../adapters/db/connect.js';
import { selectEmbedder } from '../adapters/embed/select.js';
import { RedisEventBus } from '../adapters/events/redis-event-bus.js';
import { BullmqPipelineQueue } from '../adapters/queue/bullmq-pipeline-queue.js';
import { createMetrics } from '../adapters/metrics/registry.js';
import { RedisLocker } from '../adapters/tus/redis-locker.js';
import { IoRedisKvStore, type KvStore } from '@tus/utils';
import { Redis } from 'ioredis';
import { redisOptions } from '../adapters/queue/redis-options.js';
import { startEmbeddedRedis } from '../adapters/queue/embedded-redis.js';
import { FilesystemAssetStore } from '../adapters/storage/fs-assets.js';
import { S3AssetStore } from '../adapters/storage/s3-assets.js';
import { lockDataDir } from '../adapters/system/data-dir-lock.js';
import { requireTool } from '../adapters/system/tools.js';
import { ConfigError } from '../config/config.js';
import { MediaService } from '../services/media-service.js';
import { DiskFullError, DiskGuard } from '../services/disk-guard.js';
import { StatfsDiskSpace } from '../adapters/system/statfs-disk-space.js';
import { START_FLOOR_BYTES } from '../domain/disk-space.js';
import { QueueWatchdog } from '../services/queue-watchdog.js';
import { systemClock } from '../ports/clock.js';
import { startApiRole } from './api-role.js';
import { openStorage } from './storage.js';
import { startWorkerRole } from './worker-role.js';
import { startWorkerHttp } from './worker-http.js';
import { Accounts } from '../services/accounts.js';
import type { SharedParts } from './shared-parts.js';

export const VERSION = '0.1.0';
export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** Nothing can start safely on a disk this full (PGlite and Redis write at start): say so plainly. */
async function refuseToStartOnFullDisk(dataDir: string): Promise<void> {
  const usage = await new StatfsDiskSpace().usage(dataDir);
  if (usage.freeBytes < START_FLOOR_BYTES) throw new DiskFullError(dataDir, usage, START_FLOOR_BYTES);
}

export interface RunningAppliance {
  url: string;
  generatedAdminToken: string | undefined;
  /** The ordered shutdown: stop accepting, drain HTTP, cancel stages, close workers, DB, redis last. */
  stop(): Promise<void>;
  /** When stop() cannot be waited for: stops the embedded redis without waiting. */
  stopNow(): void;
  /** The shutdown step running now, for the log when the deadline passes. */
  currentShutdownStep(): string;
}

interface Cleanup {
  (): Promise<void>;
  step?: string;
}

const named = (step: string, cleanup: () => Promise<void>): Cleanup => Object.assign(cleanup, { step });

/**
 * Composition root: the only place that knows which adapter implements which port. `all` runs
 * the API (tus, REST, SSE) and the workers in one process on embedded defaults; `api` and
 * `worker` scale out as separate processes sharing Postgres, Redis and the object store.
 */
export async function startAppliance(config: AppConfig, log: Logger, role: Role = 'all'): Promise<RunningAppliance> {
  if (role !== 'all' && (!config.databaseUrl || !config.redisUrl)) {
    throw new ConfigError(
      [!config.databaseUrl && 'DATABASE_URL', !config.redisUrl && 'REDIS_URL']
        .filter((v): v is string => Boolean(v))
        .map((variable) => ({
          variable,
          message: `--role ${role} needs a shared server: the embedded database and Redis belong to one all-in-one process`,
        })),
    );
  }
  const cleanups: Cleanup[] = [];
  const shutdownStarts: (() => void)[] = [];
  let currentStep = 'not stopping';
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      // First, so nothing is restarted or started while the parts go down one by one.
      for (const begin of shutdownStarts) begin();
      for (const cleanup of cleanups.reverse()) {
        currentStep = cleanup.step ?? cleanup.name ?? 'cleanup';
        const started = Date.now();
        await cleanup().catch((err: unknown) => log.error({ err, step: currentStep }, 'shutdown step failed'));
        log.info({ step: currentStep, ms: Date.now() - started }, 'shutdown step done');
      }
      currentStep = 'done';
    })();
    return stopped;
  };
  let embeddedRedisRef: { stopNow(): void } | undefined;
  const handle = (url: string, generatedAdminToken: string | undefined): RunningAppliance => ({
    url,
    generatedAdminToken,
    stop,
    stopNow: () => embeddedRedisRef?.stopNow(),
    currentShutdownStep: () => currentStep,
  });
  try {
    const ffmpegVersion = requireTool('ffmpeg', ['-version']);
    requireTool('ffprobe', ['-version']);
    if (!config.databaseUrl) cleanups.push(named('release the data dir lock', await lockDataDir(config.dataDir, 'the Biblio appliance')));
    const diskGuard = new DiskGuard(new StatfsDiskSpace(), [config.dataDir], config.minFreeBytes, log);
    await refuseToStartOnFullDisk(config.dataDir);

    const embeddedRedis = config.redisUrl ? undefined : await startEmbeddedRedis(config.dataDir, log);
    if (embeddedRedis) {
      embeddedRedisRef = embeddedRedis;
      shutdownStarts.push(() => embeddedRedis.beginShutdown());
      cleanups.push(named('stop the embedded redis-server', () => embeddedRedis.stop()));
    }
    const redisUrl = config.redisUrl ?? embeddedRedis!.url;

    const db = await openDatabase(
      config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: path.join(config.dataDir, 'db') },
    );
    cleanups.push(named('close the database', () => db.close()));
    if (db.missingExtensions.length > 0) {
      throw new ConfigError([
        {
          variable: 'DATABASE_URL',
          message: `the Postgres server lacks the ${db.missingExtensions.join(', ')} extension needed for search; use the pgvector/pgvector:pg16 image or install pgvector`,
        },
      ]);
    }
    // Several api replicas must agree on locks and upload offsets: both live in Redis then.
    const sharedTus = config.tusLocker === 'redis' || (config.tusLocker === 'auto' && role === 'api');
    const locker = sharedTus ? new RedisLocker(redisUrl) : undefined;
    if (locker) cleanups.push(() => locker.close());
    let tusCache: KvStore<never> | undefined;
    if (sharedTus) {
      const cacheRedis = new Redis(redisOptions(redisUrl, 'worker'));
      cleanups.push(async () => cacheRedis.disconnect());
      tusCache = new IoRedisKvStore<never>(cacheRedis, 'biblio:tus:info:');
    }
    const storage = await openStorage(config, tusCache);
    const assets = config.s3 ? new S3AssetStore(config.s3) : new FilesystemAssetStore(path.join(config.dataDir, 'storage'));

    const redisError = (err: Error) => log.warn({ err: err.message }, 'redis connection problem');
    const events = new RedisEventBus(redisUrl, redisError);
    cleanups.push(named('close the event bus', () => events.close()));
    const queue = new BullmqPipelineQueue(redisUrl, redisError, config.backoffScale);
    cleanups.push(named('close the queue producer', () => queue.close()));
    const media = new MediaService(db, storage, assets, events, db.processing);
    const embedder = await selectEmbedder(config.embedder, {
      modelsDir: config.modelsDir,
      ...(config.embedHttp.url ? { httpUrl: config.embedHttp.url } : {}),
      ...(config.embedHttp.model ? { httpModel: config.embedHttp.model } : {}),
      ...(config.embedHttp.apiKey ? { httpApiKey: config.embedHttp.apiKey } : {}),
      ratePerSecond: config.embedRatePerSecond,
      onFallback: (reason) => log.warn({ reason }, 'embedder: falling back to hashing'),
    });
    const metrics = createMetrics(() => queue.stats(), () => diskGuard.freeBytes());
    const watchdog = new QueueWatchdog(queue, systemClock, log);
    cleanups.push(named('stop the queue watchdog', () => watchdog.stop()));
    const shared: SharedParts = { config, log, db, storage, assets, events, queue, media, embedder, redisUrl, metrics, locker, watchdog, diskGuard };

    const worker = role === 'api' ? undefined : await startWorkerRole(shared);
    if (worker) {
      shutdownStarts.push(() => worker.cancelStages());
      cleanups.push(named('close the workers and the sweeper', worker.stop));
    }
    const api =
      role === 'worker'
        ? undefined
        : await startApiRole(shared, {
            version: VERSION,
            engines: {
              database: db.engine,
              queue: embeddedRedis ? 'redis (embedded)' : 'redis',
              storage: storage.engine,
              ffmpeg: `ffmpeg ${/ffmpeg version (\S+)/.exec(ffmpegVersion)?.[1] ?? ffmpegVersion}`,
              embedder: embedder.engine,
              ...(worker ? { stt: worker.sttEngine } : {}),
            },
            ...(worker ? { sttLanguages: worker.sttLanguages } : {}),
          });
    if (api) cleanups.push(named('drain HTTP and stop the outbox relay', api.stop));
    await watchdog.start();
    if (!api) {
      // A worker-only process still answers /healthz and /metrics, on BIBLIO_PORT.
      const http = await startWorkerHttp({
        host: config.host,
        port: config.port,
        accounts: new Accounts(db),
        registry: metrics.registry,
        checks: [
          { name: 'database', engine: db.engine, check: () => db.ping() },
          { name: 'queue', engine: 'redis', check: () => watchdog.health() },
          { name: 'storage', engine: storage.engine, check: async () => (await storage.ping(), diskGuard.health()) },
        ],
        version: VERSION,
      });
      cleanups.push(named('close the health server', http.close));
      return handle(http.url, undefined);
    }
    return handle(api.url, api.generatedAdminToken);
  } catch (error) {
    await stop();
    throw error;
  }
}
