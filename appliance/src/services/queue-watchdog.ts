import type { Logger } from 'pino';
import type { Clock } from '../ports/clock.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';

/** How long /healthz keeps reporting the queue as degraded after its data was lost. */
const DEGRADED_FOR_MS = 10 * 60_000;

export type LossListener = () => Promise<void>;

/**
 * Notices when Redis loses its data (FLUSHALL, a restart without AOF): a sentinel key planted at
 * start disappears. Then it plants it again and tells its listeners (the reconciler re-publishes
 * the jobs of media in flight, the maintenance schedule is re-created) and reports the queue
 * degraded in /healthz for a while, so an operator sees what happened.
 */
export class QueueWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private listeners: LossListener[] = [];
  private lostAt: Date | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly queue: PipelineQueue,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs = 5_000,
  ) {}

  onLoss(listener: LossListener): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.queue.plantSentinel().catch((err: unknown) => this.log.warn({ err }, 'queue watchdog: cannot plant its sentinel yet'));
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** One check; concurrent calls share it. Resolves once listeners have run. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    let present: boolean;
    try {
      present = await this.queue.sentinelPresent();
    } catch {
      return; // Redis is down: the queue health check reports that; reconnecting is ioredis's job.
    }
    if (present) return;
    this.lostAt = this.clock.now();
    this.log.error('the queue lost its data (Redis was flushed or restarted without persistence); rebuilding jobs from the database');
    await this.queue.plantSentinel();
    for (const listener of this.listeners) {
      await listener().catch((err: unknown) => this.log.error({ err }, 'queue watchdog: recovery step failed'));
    }
  }

  /** Why the queue is degraded, if it is. */
  degradedReason(): string | undefined {
    if (!this.lostAt || this.clock.now().getTime() - this.lostAt.getTime() > DEGRADED_FOR_MS) return undefined;
    return `the queue lost its data at ${this.lostAt.toISOString()}; jobs were rebuilt from the database`;
  }

  /** For /healthz: throws when Redis does not answer, degraded after a data loss. */
  async health(): Promise<void | { degraded: string }> {
    await this.queue.ping();
    const reason = this.degradedReason();
    return reason ? { degraded: reason } : undefined;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }
}
