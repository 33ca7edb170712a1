import { stageJobSchema } from '@biblio/shared';
import type { Logger } from 'pino';
import type { Database, OutboxMessage } from '../ports/database.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';
import { PIPELINE_TOPIC } from './uploads.js';

const BATCH = 50;

/**
 * Moves outbox rows into the queue. Runs on a timer and whenever a row is written (nudge). A
 * failed publish (Redis down) leaves the row pending and stops the round; the next tick retries.
 * Publishing is idempotent (deterministic job ids), so a crash between publish and mark is safe.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Database,
    private readonly queue: PipelineQueue,
    private readonly log: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.nudge(), this.intervalMs);
    this.nudge();
  }

  /** Drains soon; coalesces concurrent nudges into at most one extra round. */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.log.warn({ err }, 'outbox relay round failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Publishes pending rows in order; returns how many were published. */
  async drain(): Promise<number> {
    let published = 0;
    for (;;) {
      const batch = await this.db.outbox.pending(BATCH);
      for (const message of batch) {
        try {
          await this.publish(message);
        } catch (error) {
          await this.db.outbox.markFailed(message.id, (error as Error).message);
          if (message.attempts === 0 || message.attempts % 30 === 0) {
            this.log.warn({ mediaId: message.mediaId, err: error }, 'queue unavailable; upload stays UPLOADED and will be published later');
          }
          return published;
        }
        await this.db.outbox.markPublished(message.id);
        published += 1;
      }
      if (batch.length < BATCH) return published;
    }
  }

  private async publish(message: OutboxMessage): Promise<void> {
    if (message.topic !== PIPELINE_TOPIC) throw new Error(`unknown outbox topic ${message.topic}`);
    await this.queue.publishPipeline(stageJobSchema.parse(message.payload));
    this.log.info({ mediaId: message.mediaId }, 'pipeline published');
  }

  /** Degraded when an upload has waited for the queue longer than `maxLagMs` (Redis down, relay stuck). */
  async lag(maxLagMs = 60_000): Promise<void | { degraded: string }> {
    const [oldest] = await this.db.outbox.pending(1);
    if (!oldest) return undefined;
    const waitedMs = Date.now() - oldest.createdAt.getTime();
    if (waitedMs <= maxLagMs) return undefined;
    return { degraded: `the outbox relay is behind: an upload has waited ${Math.round(waitedMs / 1000)} s to be queued` };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
