import type { Locker } from '@tus/utils';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { SqlDatabase } from '../adapters/db/sql-database.js';
import type { RedisEventBus } from '../adapters/events/redis-event-bus.js';
import type { BullmqPipelineQueue } from '../adapters/queue/bullmq-pipeline-queue.js';
import type { Metrics } from '../adapters/metrics/registry.js';
import type { AssetStore } from '../ports/asset-store.js';
import type { Embedder } from '../ports/embedder.js';
import type { UploadStorage } from '../ports/upload-storage.js';
import type { MediaService } from '../services/media-service.js';
import type { QueueWatchdog } from '../services/queue-watchdog.js';
import type { DiskGuard } from '../services/disk-guard.js';

/** What the composition root opens once and hands to the api and worker roles. */
export interface SharedParts {
  config: AppConfig;
  log: Logger;
  db: SqlDatabase;
  storage: UploadStorage;
  assets: AssetStore;
  events: RedisEventBus;
  queue: BullmqPipelineQueue;
  media: MediaService;
  embedder: Embedder;
  redisUrl: string;
  metrics: Metrics;
  /** The shared tus locker when api replicas scale out; undefined = in-memory. */
  locker: Locker | undefined;
  /** Notices Redis losing its data; roles subscribe to rebuild what was lost. */
  watchdog: QueueWatchdog;
  /** Free space of the data dir: uploads refused and stages deferred while low. */
  diskGuard: DiskGuard;
}
