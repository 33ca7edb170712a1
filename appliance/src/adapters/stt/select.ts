import path from 'node:path';
import type { SpeechToText } from '../../ports/speech-to-text.js';
import { HttpSpeechToText } from './http.js';
import { PocketsphinxSpeechToText } from './pocketsphinx.js';
import { findWhisperModel, WhisperSpeechToText } from './whisper.js';

export type SpeechToTextChoice = 'auto' | 'whisper' | 'http' | 'pocketsphinx';

export interface SelectSpeechToTextOptions {
  /** Config's modelsDir (BIBLIO_MODELS_DIR, default <data dir>/models). */
  modelsDir: string;
  /** BIBLIO_STT_URL */
  httpUrl?: string;
  /** BIBLIO_STT_MODEL */
  httpModel?: string;
  /** BIBLIO_STT_API_KEY */
  httpApiKey?: string;
  /** Passed to pocketsphinx: it is told when non-English audio is decoded with en-us. */
  onWarning?: (message: string) => void;
}

/**
 * Chooses the engine for BIBLIO_STT. `auto`: Whisper when a ggml model is provisioned in the
 * models dir, else pocketsphinx. An explicit choice that cannot work fails here, at startup,
 * with the variable to set, rather than on the first upload. Pocketsphinx is probed (~0.3 s)
 * so a missing package is reported with its install command. The Whisper binding itself loads
 * on the first transcription (it is heavy and optional).
 */
export async function selectSpeechToText(
  choice: SpeechToTextChoice,
  opts: SelectSpeechToTextOptions,
): Promise<SpeechToText> {
  switch (choice) {
    case 'http': {
      const url = opts.httpUrl?.trim();
      if (!url) {
        throw new Error('BIBLIO_STT=http needs BIBLIO_STT_URL (an OpenAI-compatible server, e.g. http://127.0.0.1:8000)');
      }
      return new HttpSpeechToText({
        baseUrl: url,
        ...(opts.httpModel ? { model: opts.httpModel } : {}),
        ...(opts.httpApiKey ? { apiKey: opts.httpApiKey } : {}),
      });
    }
    case 'whisper': {
      const model = findWhisperModel(opts.modelsDir);
      if (!model) {
        throw new Error(
          `BIBLIO_STT=whisper needs a Whisper model: put a ggml-*.bin file in ${path.join(opts.modelsDir, 'whisper')} ` +
            'or set BIBLIO_MODELS_DIR to the folder that holds one',
        );
      }
      return new WhisperSpeechToText(model);
    }
    case 'pocketsphinx':
      return pocketsphinx(opts);
    case 'auto': {
      const model = findWhisperModel(opts.modelsDir);
      return model ? new WhisperSpeechToText(model) : pocketsphinx(opts);
    }
  }
}

async function pocketsphinx(opts: SelectSpeechToTextOptions): Promise<SpeechToText> {
  const engine = new PocketsphinxSpeechToText(opts.onWarning ? { onWarning: opts.onWarning } : {});
  await engine.check();
  return engine;
}
