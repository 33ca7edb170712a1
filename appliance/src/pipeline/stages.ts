import { STAGES, type Stage } from '@biblio/shared';
import { STAGE_GRAPH, type StageGraph, type StageOptions } from '../domain/stage-graph.js';
import { audioProcessor } from './processors/audio.js';
import { hlsProcessor } from './processors/hls.js';
import { indexProcessor } from './processors/index-stage.js';
import { thumbnailsProcessor } from './processors/thumbnails.js';
import { transcribeProcessor } from './processors/transcribe.js';
import { validateProcessor } from './processors/validate.js';
import type { PipelineDeps, StageProcessor } from './stage-context.js';

/** One stage as the workers run it: its processor, its place in the graph and its options. */
export interface RegisteredStage extends StageOptions {
  stage: Stage;
  after: Stage | null;
  process: StageProcessor;
}

/**
 * The processor of each stage. Order, retries and timeouts are declared once, in the stage graph
 * (domain/stage-graph.ts); this table only binds code to those stages.
 */
const PROCESSORS: Record<Stage, (deps: PipelineDeps) => StageProcessor> = {
  validate: validateProcessor,
  thumbnails: thumbnailsProcessor,
  hls: hlsProcessor,
  audio: audioProcessor,
  transcribe: transcribeProcessor,
  index: indexProcessor,
};

/**
 * The typed registry: stage -> processor + attempts, backoff, concurrency, timeout. The Record
 * type makes a missing processor a compile error; the check below makes it a startup error too.
 */
export function buildRegistry(deps: PipelineDeps, graph: StageGraph = STAGE_GRAPH): RegisteredStage[] {
  return STAGES.map((stage) => {
    const factory = PROCESSORS[stage];
    if (!factory) throw new Error(`no processor registered for stage ${stage}`);
    return { stage, after: graph[stage].after, process: factory(deps), ...graph[stage].options };
  });
}
