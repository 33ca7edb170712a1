import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TranscriptSegment } from '../../ports/speech-to-text.js';
import { runFolderOf } from '../assets.js';
import { speechAudioCommand } from '../ffmpeg-commands.js';
import type { PipelineDeps, StageContext, StageProcessor } from '../stage-context.js';
import { engineSpeaks, unsupportedLanguageReason } from '../../domain/spoken-language.js';
import { factsOf } from './facts.js';

/** Window boundaries for a duration: [start, length] pairs covering it, in order. */
export function speechWindows(durationSec: number, windowSec: number): { startSec: number; durationSec: number }[] {
  const windows = [];
  for (let start = 0; start < durationSec; start += windowSec) {
    windows.push({ startSec: start, durationSec: Math.min(windowSec, durationSec - start) });
  }
  return windows;
}

async function localSpeechAudio(deps: PipelineDeps, ctx: StageContext): Promise<string> {
  const file = path.join(ctx.workDir, 'speech.wav');
  const asset = await deps.processing.getAsset(ctx.media.id, 'audio_wav');
  if (asset) {
    await pipeline(await deps.assets.read(asset.objectKey), createWriteStream(file));
    return file;
  }
  // The audio stage's WAV is gone (a re-run after it was cleaned up): extract it again.
  const input = await deps.uploads.mediaInput(ctx.media.objectKey, 6 * 3600);
  await deps.mediaTool.run(speechAudioCommand(input, file), { signal: ctx.signal });
  return file;
}

/**
 * transcribe: speech-to-text in windows, each stored with its segments as a checkpoint, so a
 * retry (or a worker killed mid-way) resumes after the last finished window and one engine call
 * never holds hours of audio.
 */
export function transcribeProcessor(deps: PipelineDeps): StageProcessor {
  return async (ctx) => {
    const facts = factsOf(ctx.media);
    if (!facts.hasAudio) return { status: 'skipped', reason: 'the media has no audio track' };
    const human = ctx.media.transcriptSource;
    if (human === 'imported' || human === 'edited') {
      // A person's transcript outranks the engine's: a re-run (retry, reconcile) never
      // replaces it; clearForTranscription (an explicit overwrite) must come first.
      return { status: 'skipped', reason: `kept the ${human} transcript: speech-to-text does not overwrite a person's transcript` };
    }
    const { languages, engine } = deps.speechToText;
    if (languages !== 'any' && !engineSpeaks(languages, ctx.media.language)) {
      return { status: 'skipped', reason: unsupportedLanguageReason(engine, languages, ctx.media.language!) };
    }
    const windows = speechWindows(facts.durationSec, deps.transcribeWindowSec);
    const done = new Set(await deps.processing.finishedWindows(ctx.media.id));
    const todo = windows.map((w, index) => ({ ...w, index })).filter((w) => !done.has(w.index));
    if (todo.length > 0) {
      const wav = await localSpeechAudio(deps, ctx);
      for (const window of todo) {
        const piece = path.join(ctx.workDir, `window-${window.index}.wav`);
        await deps.mediaTool.run(speechAudioCommand(wav, piece, window), { signal: ctx.signal });
        const segments = await deps.speechToText.transcribe(piece, { language: ctx.media.language, signal: ctx.signal });
        const shifted: TranscriptSegment[] = segments.map((s) => ({
          ...s,
          start: s.start + window.startSec,
          end: s.end + window.startSec,
          ...(s.words ? { words: s.words.map((w) => ({ ...w, start: w.start + window.startSec, end: w.end + window.startSec })) } : {}),
        }));
        await deps.processing.saveWindow(ctx.media.id, window.index, deps.speechToText.engine, shifted);
        ctx.progress(((windows.length - todo.length + todo.indexOf(window) + 1) / windows.length) * 100);
      }
    }
    await deps.processing.recordEngineTranscript(ctx.media.id, deps.speechToText.engine);
    // The 16 kHz WAV was only needed for this stage.
    const audio = await deps.processing.getAsset(ctx.media.id, 'audio_wav');
    if (audio) {
      await deps.processing.removeAsset(ctx.media.id, 'audio_wav');
      await deps.assets.deletePrefix(runFolderOf(audio.objectKey));
    }
    return { status: 'done' };
  };
}
