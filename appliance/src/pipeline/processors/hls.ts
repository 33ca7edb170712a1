import { chooseLadder } from '../../domain/ladder.js';
import { outputDir, publishAsset, runPrefix } from '../assets.js';
import { hlsAudioCommand, hlsVideoCommand } from '../ffmpeg-commands.js';
import type { PipelineDeps, StageProcessor } from '../stage-context.js';
import { factsOf } from './facts.js';

/** hls: an adaptive H.264/AAC ladder chosen from the source (never upscaled), or audio-only HLS. */
export function hlsProcessor(deps: PipelineDeps): StageProcessor {
  return async (ctx) => {
    const facts = factsOf(ctx.media);
    // The transcode may run for hours: give the input URL (S3) a matching lifetime.
    const input = await deps.uploads.mediaInput(ctx.media.objectKey, 12 * 3600);
    const dir = await outputDir(ctx, 'hls');
    const command =
      facts.kind === 'video'
        ? hlsVideoCommand(input, chooseLadder(facts.height ?? 360), facts.hasAudio, dir, facts.durationSec)
        : hlsAudioCommand(input, dir, facts.durationSec);
    await deps.mediaTool.run(command, { signal: ctx.signal, onProgress: (p) => ctx.progress(p * 0.95) });
    const prefix = runPrefix(ctx, 'hls');
    await deps.assets.putDirectory(prefix, dir);
    await publishAsset(deps, ctx, 'hls', prefix, 'application/vnd.apple.mpegurl');
    return { status: 'done' };
  };
}
