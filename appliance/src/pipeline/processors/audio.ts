import path from 'node:path';
import { outputDir, publishAsset, runPrefix } from '../assets.js';
import { speechAudioCommand } from '../ffmpeg-commands.js';
import type { PipelineDeps, StageProcessor } from '../stage-context.js';
import { factsOf } from './facts.js';

/** audio: 16 kHz mono WAV for speech-to-text; removed again once transcribed. */
export function audioProcessor(deps: PipelineDeps): StageProcessor {
  return async (ctx) => {
    const facts = factsOf(ctx.media);
    if (!facts.hasAudio) return { status: 'skipped', reason: 'the media has no audio track' };
    const input = await deps.uploads.mediaInput(ctx.media.objectKey, 6 * 3600);
    const file = path.join(await outputDir(ctx, 'audio'), 'speech.wav');
    await deps.mediaTool.run({ ...speechAudioCommand(input, file), durationSec: facts.durationSec }, {
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
    });
    const key = `${runPrefix(ctx, 'audio')}/speech.wav`;
    await deps.assets.putFile(key, file, 'audio/wav');
    await publishAsset(deps, ctx, 'audio_wav', key, 'audio/wav');
    return { status: 'done' };
  };
}
