import { chunkSegments } from '../../domain/chunking.js';
import type { PipelineDeps, StageProcessor } from '../stage-context.js';
import { factsOf } from './facts.js';

const EMBED_BATCH = 32;

/** index: transcript -> overlapping chunks -> embeddings + full text, replaced in one transaction. */
export function indexProcessor(deps: PipelineDeps): StageProcessor {
  return async (ctx) => {
    const facts = factsOf(ctx.media);
    if (!facts.hasAudio) {
      // Still searchable by title and filename.
      await deps.processing.replaceChunks(ctx.media.id, ctx.media.ownerId, []);
      return { status: 'skipped', reason: 'the media has no audio track' };
    }
    const segments = await deps.processing.transcript(ctx.media.id);
    const chunks = chunkSegments(segments.map(({ windowIdx: _w, ...segment }) => segment));
    const embeddings: number[][] = [];
    for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
      embeddings.push(...(await deps.embedder.embed(chunks.slice(i, i + EMBED_BATCH).map((c) => c.text))));
      ctx.progress(((i + EMBED_BATCH) / chunks.length) * 90);
    }
    await deps.processing.replaceChunks(
      ctx.media.id,
      ctx.media.ownerId,
      chunks.map((c, i) => ({ seq: c.index, start: c.start, end: c.end, text: c.text, segments: c.segments, embedding: embeddings[i]! })),
    );
    return { status: 'done' };
  };
}
