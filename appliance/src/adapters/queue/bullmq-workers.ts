import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { StageJob } from '@biblio/shared';
import type { Stage } from '@biblio/shared';
import { StageCancelledError, StageDeferredError } from '../../domain/stage-errors.js';
import { redisOptions } from './redis-options.js';

/**
 * Short locks: a worker killed with SIGKILL stops renewing its lock, and another worker picks
 * the job up after at most lockDuration + stalledInterval (~15 s) instead of BullMQ's ~60 s.
 * FFmpeg runs in child processes, so the event loop keeps renewing locks during long stages.
 */
export const WORKER_LOCKS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 } as const;

/** What the queue needs to know of a stage: its queue name and how many jobs run at once. */
export interface WorkerStage {
  stage: Stage;
  concurrency: number;
}

export type RunStage<S extends WorkerStage> = (stage: S, job: StageJob, attemptsMade: number, onProgress: (p: number) => void) => Promise<void>;

/**
 * A stage interrupted by a shutdown, or waiting for disk space, goes back to the delayed set without spending an attempt
 * (DelayedError tells BullMQ the job was moved, not failed); it runs again after the restart.
 */
async function putBack(job: Job<StageJob>, token: string | undefined, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

export function startStageWorkers<S extends WorkerStage>(url: string, registry: readonly S[], run: RunStage<S>, log: Logger) {
  const workers = registry.map((stage) => {
    const worker = new Worker<StageJob>(
      stage.stage,
      async (job, token) => {
        try {
          await run(stage, job.data, job.attemptsMade, (p) => void job.updateProgress(Math.round(p)).catch(() => undefined));
        } catch (error) {
          if (error instanceof StageCancelledError) await putBack(job, token, 1_000);
          if (error instanceof StageDeferredError) await putBack(job, token, error.delayMs);
          throw error;
        }
      },
      { connection: redisOptions(url, 'worker') as ConnectionOptions, concurrency: stage.concurrency, ...WORKER_LOCKS },
    );
    worker.on('error', (err) => log.warn({ err: err.message, stage: stage.stage }, 'worker connection problem'));
    return worker;
  });
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
