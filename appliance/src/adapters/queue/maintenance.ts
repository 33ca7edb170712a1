import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { redisOptions } from './redis-options.js';

/** The queue that holds housekeeping jobs (sweeper). */
export const MAINTENANCE_QUEUE = 'maintenance';

const SWEEP_SCHEDULER_ID = 'sweeper';

/**
 * The sweeper as a BullMQ job scheduler: one schedule shared by every process, so with several
 * workers the sweep still runs once per interval, on whichever worker is free.
 */
export async function startMaintenance(
  url: string,
  intervalMs: number,
  sweep: () => Promise<unknown>,
  log: Logger,
): Promise<{ ensureSchedule(): Promise<void>; close(): Promise<void> }> {
  const onError = (err: Error) => log.warn({ err: err.message }, 'maintenance queue connection problem');
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: redisOptions(url, 'worker') as ConnectionOptions });
  queue.on('error', onError);
  // Idempotent: also how the schedule comes back after Redis lost its data.
  const ensureSchedule = async () => {
    await queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: intervalMs },
      { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  };
  await ensureSchedule();
  const worker = new Worker(MAINTENANCE_QUEUE, async () => sweep(), {
    connection: redisOptions(url, 'worker') as ConnectionOptions,
    concurrency: 1,
  });
  worker.on('error', onError);
  worker.on('failed', (_job, err) => log.error({ err }, 'sweep failed'));
  return {
    ensureSchedule,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
