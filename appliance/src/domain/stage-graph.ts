import { STAGES, type Stage } from '@biblio/shared';

export interface StageOptions {
  attempts: number;
  /** Base delay of the exponential backoff between attempts. */
  backoffMs: number;
  concurrency: number;
  timeoutMs: number;
}

export interface StageSpec {
  /** The stage that must finish first; null for a stage that starts the pipeline. */
  after: Stage | null;
  options: StageOptions;
}

export type StageGraph = Readonly<Record<Stage, StageSpec>>;

/**
 * THE stage graph: what follows what, and retry, concurrency and timeout per stage (PeerTube-
 * style table). Everything else derives from it: the queue's flow shape, what the runner publishes
 * when a stage ends, and what retry, the sweeper and the reconciler publish again. It is plain data
 * in domain/ so the queue adapter can read it without importing the pipeline's processors; the
 * processors are bound to these stages in pipeline/stages.ts (a Record, so none can be missing).
 */
export const STAGE_GRAPH: StageGraph = {
  validate: { after: null, options: { attempts: 3, backoffMs: 2_000, concurrency: 2, timeoutMs: 5 * 60_000 } },
  thumbnails: { after: 'validate', options: { attempts: 3, backoffMs: 5_000, concurrency: 1, timeoutMs: 15 * 60_000 } },
  hls: { after: 'validate', options: { attempts: 3, backoffMs: 10_000, concurrency: 1, timeoutMs: 6 * 3_600_000 } },
  audio: { after: 'validate', options: { attempts: 3, backoffMs: 5_000, concurrency: 1, timeoutMs: 60 * 60_000 } },
  transcribe: { after: 'audio', options: { attempts: 3, backoffMs: 10_000, concurrency: 1, timeoutMs: 6 * 3_600_000 } },
  index: { after: 'transcribe', options: { attempts: 5, backoffMs: 5_000, concurrency: 2, timeoutMs: 30 * 60_000 } },
};

/**
 * A chain: stages that run one after another with nothing else depending on the middle ones, so
 * the queue can publish them as one unit (a BullMQ flow). `after` is the stage whose completion
 * publishes the chain (null: published when the upload finishes).
 */
export interface StageChain {
  after: Stage | null;
  stages: Stage[];
}

/** Stages with nothing before them: they run first. */
export function rootStages(graph: StageGraph = STAGE_GRAPH): Stage[] {
  return STAGES.filter((s) => graph[s].after === null);
}

/** Stages that wait for `stage`, in pipeline order. */
export function followersOf(stage: Stage, graph: StageGraph = STAGE_GRAPH): Stage[] {
  return STAGES.filter((s) => graph[s].after === stage);
}

/**
 * Splits the graph into chains. A chain continues while its last stage has exactly one follower;
 * a stage with several followers (a fan-out) or none ends it, and each follower of a fan-out
 * starts a new chain published when that stage finishes.
 */
export function stageChains(graph: StageGraph = STAGE_GRAPH): StageChain[] {
  const chains: StageChain[] = [];
  const grow = (head: Stage, after: Stage | null) => {
    const stages = [head];
    let next = followersOf(head, graph);
    while (next.length === 1) {
      stages.push(next[0]!);
      next = followersOf(next[0]!, graph);
    }
    chains.push({ after, stages });
    const tail = stages[stages.length - 1]!;
    for (const follower of next) grow(follower, tail);
  };
  for (const root of rootStages(graph)) grow(root, null);
  return chains;
}

/** The chains published when `after` finishes (null: when the upload finishes). */
export function chainsAfter(after: Stage | null, graph: StageGraph = STAGE_GRAPH): StageChain[] {
  return stageChains(graph).filter((c) => c.after === after);
}

/** The chain a stage runs in. */
export function chainOf(stage: Stage, graph: StageGraph = STAGE_GRAPH): StageChain {
  const chain = stageChains(graph).find((c) => c.stages.includes(stage));
  if (!chain) throw new Error(`stage ${stage} is not reachable from a root stage`);
  return chain;
}

/**
 * True when finishing `stage` must publish further chains: it ends a chain and others wait for
 * it. (Inside a chain the queue starts the next stage by itself.)
 */
export function publishesFollowers(stage: Stage, graph: StageGraph = STAGE_GRAPH): boolean {
  return chainsAfter(stage, graph).length > 0;
}

/** Stages after which chains are published (the fan-out points), in pipeline order. */
export function fanOutStages(graph: StageGraph = STAGE_GRAPH): Stage[] {
  return STAGES.filter((s) => publishesFollowers(s, graph));
}

/** Stages that run in a chain published when the upload finishes. */
export function isInRootChain(stage: Stage, graph: StageGraph = STAGE_GRAPH): boolean {
  return chainOf(stage, graph).after === null;
}

/** Retry options per stage, as one table. */
export function stageOptions(graph: StageGraph = STAGE_GRAPH): Record<Stage, StageOptions> {
  return Object.fromEntries(STAGES.map((s) => [s, graph[s].options])) as Record<Stage, StageOptions>;
}
