import path from 'node:path';
import { SPRITE_TILES } from '@biblio/shared';
import { outputDir, publishAsset, runPrefix } from '../assets.js';
import { posterCommand, spriteCommand, waveformImageCommand } from '../ffmpeg-commands.js';
import type { PipelineDeps, StageProcessor } from '../stage-context.js';
import { factsOf } from './facts.js';

/**
 * thumbnails: for video, a poster at ~10% (fast seek) at 320 and 1280 px and a scrubbing sprite;
 * for audio, a waveform picture instead.
 */
export function thumbnailsProcessor(deps: PipelineDeps): StageProcessor {
  return async (ctx) => {
    const facts = factsOf(ctx.media);
    const input = await deps.uploads.mediaInput(ctx.media.objectKey, 3600);
    const dir = await outputDir(ctx, 'thumbs');
    const prefix = runPrefix(ctx, 'thumbs');
    if (facts.kind === 'audio') {
      const file = path.join(dir, 'waveform.jpg');
      await deps.mediaTool.run(waveformImageCommand(input, file, facts.durationSec), { signal: ctx.signal, onProgress: (p) => ctx.progress(p) });
      await deps.assets.putFile(`${prefix}/waveform.jpg`, file, 'image/jpeg');
      await publishAsset(deps, ctx, 'waveform', `${prefix}/waveform.jpg`, 'image/jpeg');
      return { status: 'done' };
    }
    const at = facts.durationSec * 0.1;
    for (const [width, kind] of [[320, 'poster_320'], [1280, 'poster_1280']] as const) {
      const file = path.join(dir, `poster-${width}.jpg`);
      await deps.mediaTool.run(posterCommand(input, at, width, file), { signal: ctx.signal });
      await deps.assets.putFile(`${prefix}/poster-${width}.jpg`, file, 'image/jpeg');
      ctx.progress(width === 320 ? 20 : 40);
      await publishAsset(deps, ctx, kind, `${prefix}/poster-${width}.jpg`, 'image/jpeg');
    }
    const sprite = path.join(dir, 'sprite.jpg');
    await deps.mediaTool.run(spriteCommand(input, facts.durationSec, SPRITE_TILES, 160, sprite), {
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(40 + p * 0.6),
    });
    await deps.assets.putFile(`${prefix}/sprite.jpg`, sprite, 'image/jpeg');
    await publishAsset(deps, ctx, 'sprite', `${prefix}/sprite.jpg`, 'image/jpeg');
    return { status: 'done' };
  };
}
