import { FlowProducer, Queue, type FlowJob } from 'bullmq';
import { Redis } from 'ioredis';
import { STAGES, stageJobId, type Stage, type StageJob } from '@biblio/shared';
import { chainOf, STAGE_GRAPH, type StageGraph } from '../../domain/stage-graph.js';
import { flowsAfter } from './bullmq-flows.js';
import type { FailedJob, JobState, PipelineQueue, StageQueueStats } from '../../ports/pipeline-queue.js';
import { redisOptions } from './redis-options.js';

const SENTINEL_KEY = 'biblio:sentinel';

/**
 * Publishes pipeline flows to BullMQ. The connection fails fast while Redis is down, so the
 * outbox relay sees the error and keeps the message for a later attempt instead of hanging.
 */
export class BullmqPipelineQueue implements PipelineQueue {
  private readonly connection: Redis;
  private readonly flows: FlowProducer;
  private readonly queues = new Map<Stage, Queue>();

  /** `backoffScale` multiplies every stage's retry delay (BIBLIO_BACKOFF_SCALE). */
  constructor(
    url: string,
    onError: (error: Error) => void,
    private readonly backoffScale = 1,
    private readonly graph: StageGraph = STAGE_GRAPH,
  ) {
    this.connection = new Redis(redisOptions(url, 'producer'));
    this.connection.on('error', onError);
    this.flows = new FlowProducer({ connection: this.connection });
    this.flows.on('error', onError);
    for (const stage of STAGES) {
      const queue = new Queue(stage, { connection: this.connection });
      queue.on('error', onError);
      this.queues.set(stage, queue);
    }
  }

  async publishPipeline(job: StageJob): Promise<void> {
    await this.publish(null, job);
  }

  async publishAfter(stage: Stage, job: StageJob): Promise<void> {
    await this.publish(stage, job);
  }

  private async publish(after: Stage | null, job: StageJob): Promise<void> {
    // A job id that already exists makes BullMQ skip the add: publishing twice is harmless.
    const flows = flowsAfter(after, job, this.backoffScale, this.graph) as FlowJob[];
    if (flows.length === 1) await this.flows.add(flows[0]!);
    else if (flows.length > 1) await this.flows.addBulk(flows);
  }

  async rerunChainOf(stage: Stage, job: StageJob): Promise<boolean> {
    const chain = chainOf(stage, this.graph);
    const found = await Promise.all(chain.stages.map((s) => this.queues.get(s)!.getJob(stageJobId(s, job.mediaId))));
    for (const existing of found) {
      if (existing && !(await existing.isCompleted()) && !(await existing.isFailed())) return false;
    }
    // The flow's top job (the chain's last stage) first: removing a parent removes its children.
    for (const existing of found.reverse()) if (existing) await existing.remove({ removeChildren: true }).catch(() => undefined);
    const top = chain.stages.at(-1);
    const flow = flowsAfter(chain.after, job, this.backoffScale, this.graph).find((f) => f.name === top);
    if (flow) await this.flows.add(flow);
    return true;
  }

  async jobState(stage: Stage, mediaId: string): Promise<JobState> {
    const job = await this.queues.get(stage)!.getJob(stageJobId(stage, mediaId));
    if (!job) return 'missing';
    const state = await job.getState();
    return (['waiting', 'active', 'completed', 'failed', 'delayed', 'waiting-children'].includes(state) ? state : 'waiting') as JobState;
  }

  async retryFailed(stage: Stage, mediaId: string): Promise<boolean> {
    const job = await this.queues.get(stage)!.getJob(stageJobId(stage, mediaId));
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed', { resetAttemptsMade: true });
    return true;
  }

  async listFailed(limit: number): Promise<FailedJob[]> {
    const failed: FailedJob[] = [];
    for (const stage of STAGES) {
      for (const job of await this.queues.get(stage)!.getFailed(0, limit - 1)) {
        failed.push({
          stage,
          jobId: job.id ?? '',
          mediaId: (job.data as StageJob).mediaId,
          reason: job.failedReason,
          attempts: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        });
      }
    }
    return failed.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, limit);
  }

  async stats(): Promise<StageQueueStats[]> {
    const now = Date.now();
    return Promise.all(
      STAGES.map(async (stage) => {
        const queue = this.queues.get(stage)!;
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children');
        const [oldest] = await queue.getWaiting(0, 0);
        return {
          stage,
          counts: counts as StageQueueStats['counts'],
          oldestWaitingSec: oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0,
        };
      }),
    );
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async plantSentinel(): Promise<void> {
    await this.connection.set(SENTINEL_KEY, new Date().toISOString(), 'NX');
  }

  async sentinelPresent(): Promise<boolean> {
    return (await this.connection.exists(SENTINEL_KEY)) === 1;
  }

  async close(): Promise<void> {
    for (const queue of this.queues.values()) await queue.close();
    await this.flows.close();
    this.connection.disconnect();
  }
}
