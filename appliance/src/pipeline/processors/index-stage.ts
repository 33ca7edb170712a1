import { indexChunks } from '../index-chunks.js';
import type { PipelineDeps, StageProcessor } from '../stage-context.js';
import { factsOf } from './facts.js';

/** index: transcript -> overlapping chunks -> embeddings + full text, replaced in one transaction. */
export function indexProcessor(deps: PipelineDeps): StageProcessor {
  return async (ctx) => {
    const facts = factsOf(ctx.media);
    if (!facts.hasAudio) {
      // Still searchable by title and filename.
      await deps.processing.replaceChunks(ctx.media.id, ctx.media.ownerId, []);
      return { status: 'skipped', reason: 'the media has no audio track' };
    }
    const transcript = await deps.processing.current(ctx.media.id);
    const chunks = await indexChunks(deps.embedder, transcript, (percent) => ctx.progress(percent));
    await deps.processing.replaceChunks(ctx.media.id, ctx.media.ownerId, chunks);
    return { status: 'done' };
  };
}
