import { STAGES, type Stage } from '@biblio/shared';
import { audioProcessor } from './processors/audio.js';
import { hlsProcessor } from './processors/hls.js';
import { indexProcessor } from './processors/index-stage.js';
import { thumbnailsProcessor } from './processors/thumbnails.js';
import { transcribeProcessor } from './processors/transcribe.js';
import { validateProcessor } from './processors/validate.js';
import type { PipelineDeps, StageProcessor } from './stage-context.js';
import { STAGE_OPTIONS, type StageOptions } from './stage-options.js';

export interface RegisteredStage extends StageOptions {
  stage: Stage;
  process: StageProcessor;
}

const FACTORIES: Record<Stage, (deps: PipelineDeps) => StageProcessor> = {
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
export function buildRegistry(deps: PipelineDeps): RegisteredStage[] {
  return STAGES.map((stage) => {
    const factory = FACTORIES[stage];
    if (!factory) throw new Error(`no processor registered for stage ${stage}`);
    return { stage, process: factory(deps), ...STAGE_OPTIONS[stage] };
  });
}
