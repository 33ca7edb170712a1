import { STAGES, stageJobId, type Stage, type StageJob } from '@biblio/shared';
import { chainOf, chainsAfter, STAGE_GRAPH, type StageGraph } from '../../domain/stage-graph.js';
import type { FailedJob, JobState, PipelineQueue, StageQueueStats } from '../../ports/pipeline-queue.js';

/** One publish call as the queue saw it: which chains, for which media. */
export interface PublishedFlow {
  after: Stage | null;
  job: StageJob;
  chains: Stage[][];
}

/**
 * The PipelineQueue in memory: records what was published, keeps a state per job id (a new job
 * is `waiting`, an existing id is left alone, as BullMQ skips a duplicate id), and lets a test
 * play the queue's part: mark jobs active, failed or missing, lose everything (Redis FLUSHALL),
 * or refuse to publish (Redis down).
 */
export class MemoryPipelineQueue implements PipelineQueue {
  readonly published: PublishedFlow[] = [];
  readonly retried: { stage: Stage; mediaId: string }[] = [];
  private readonly jobs = new Map<string, { stage: Stage; job: StageJob; state: JobState; reason: string }>();
  private sentinel = false;
  /** Set to make every publish throw (the queue is unreachable). */
  failPublishWith: Error | undefined;

  constructor(private readonly graph: StageGraph = STAGE_GRAPH) {}

  async publishPipeline(job: StageJob): Promise<void> {
    this.publish(null, job);
  }

  async publishAfter(stage: Stage, job: StageJob): Promise<void> {
    this.publish(stage, job);
  }

  private publish(after: Stage | null, job: StageJob): void {
    if (this.failPublishWith) throw this.failPublishWith;
    const chains = chainsAfter(after, this.graph).map((c) => c.stages);
    this.published.push({ after, job: structuredClone(job), chains });
    for (const stage of chains.flat()) {
      const id = stageJobId(stage, job.mediaId);
      if (!this.jobs.has(id)) this.jobs.set(id, { stage, job: structuredClone(job), state: 'waiting', reason: '' });
    }
  }

  /** Test control: puts a job in a state (`missing` deletes it). */
  setState(stage: Stage, mediaId: string, state: JobState, reason = ''): void {
    const id = stageJobId(stage, mediaId);
    if (state === 'missing') {
      this.jobs.delete(id);
      return;
    }
    const found = this.jobs.get(id);
    const job = found?.job ?? { mediaId, ownerId: '', objectKey: '' };
    this.jobs.set(id, { stage, job, state, reason });
  }

  /** Test control: the store lost every job and the sentinel (FLUSHALL, restart without AOF). */
  loseEverything(): void {
    this.jobs.clear();
    this.sentinel = false;
  }

  /** Stages published for one media, in publish order (duplicates included). */
  stagesPublishedFor(mediaId: string): Stage[] {
    return this.published.filter((p) => p.job.mediaId === mediaId).flatMap((p) => p.chains.flat());
  }

  async rerunChainOf(stage: Stage, job: StageJob): Promise<boolean> {
    const chain = chainOf(stage, this.graph);
    const ids = chain.stages.map((s) => stageJobId(s, job.mediaId));
    if (ids.some((id) => !['completed', 'failed', undefined].includes(this.jobs.get(id)?.state))) return false;
    for (const id of ids) this.jobs.delete(id);
    if (this.failPublishWith) throw this.failPublishWith;
    this.published.push({ after: chain.after, job: structuredClone(job), chains: [chain.stages] });
    for (const s of chain.stages) this.jobs.set(stageJobId(s, job.mediaId), { stage: s, job: structuredClone(job), state: 'waiting', reason: '' });
    return true;
  }

  async jobState(stage: Stage, mediaId: string): Promise<JobState> {
    return this.jobs.get(stageJobId(stage, mediaId))?.state ?? 'missing';
  }

  async retryFailed(stage: Stage, mediaId: string): Promise<boolean> {
    const found = this.jobs.get(stageJobId(stage, mediaId));
    if (found?.state !== 'failed') return false;
    found.state = 'waiting';
    this.retried.push({ stage, mediaId });
    return true;
  }

  async listFailed(limit: number): Promise<FailedJob[]> {
    return [...this.jobs.entries()]
      .filter(([, j]) => j.state === 'failed')
      .slice(0, limit)
      .map(([jobId, j]) => ({ stage: j.stage, jobId, mediaId: j.job.mediaId, reason: j.reason, attempts: 0, failedAt: null }));
  }

  async stats(): Promise<StageQueueStats[]> {
    return STAGES.map((stage) => {
      const counts = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, 'waiting-children': 0 };
      for (const j of this.jobs.values()) if (j.stage === stage && j.state !== 'missing') counts[j.state] += 1;
      return { stage, counts, oldestWaitingSec: 0 };
    });
  }

  async ping(): Promise<void> {
    if (this.failPublishWith) throw this.failPublishWith;
  }

  async plantSentinel(): Promise<void> {
    this.sentinel = true;
  }

  async sentinelPresent(): Promise<boolean> {
    return this.sentinel;
  }

  async close(): Promise<void> {}
}
