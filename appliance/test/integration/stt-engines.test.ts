import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_WORDS, makeSpeechSample, normalise, SENTENCES, wordAccuracy, type SpeechSample } from './harness/speech-sample.js';
import { PocketsphinxSpeechToText } from '../../src/adapters/stt/pocketsphinx.js';
import { selectSpeechToText } from '../../src/adapters/stt/select.js';
import { findWhisperModel, WhisperSpeechToText } from '../../src/adapters/stt/whisper.js';
import type { SpeechToText, TranscriptSegment } from '../../src/ports/speech-to-text.js';

/*
 * The speech-to-text engines on real speech made at test time (harness/speech-sample.ts).
 * Engines that cannot run here are skipped with the reason in the test name. The http
 * adapter's contract against a loopback server is in stt-http-contract.test.ts.
 */

const hasPocketsphinx = spawnSync('sh', ['-c', 'command -v pocketsphinx_continuous']).status === 0;
const POCKETSPHINX_MISSING =
  'pocketsphinx_continuous is not installed (sudo apt-get install -y pocketsphinx pocketsphinx-en-us)';
const modelsDir = path.resolve(process.env['BIBLIO_MODELS_DIR'] ?? './data/models');
const whisperModel = findWhisperModel(modelsDir);
const WHISPER_MISSING = 'no Whisper model: put a ggml-*.bin in $BIBLIO_MODELS_DIR/whisper (none can be downloaded on this machine)';
const bindingInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@fugood/whisper.node');
    return true;
  } catch {
    return false;
  }
})();
const BINDING_MISSING = '@fugood/whisper.node is not installed';
const sttUrl = process.env['BIBLIO_TEST_STT_URL'];
const HTTP_MISSING = 'BIBLIO_TEST_STT_URL is unset (an OpenAI-compatible /v1/audio/transcriptions server to test against)';

const title = (name: string, skipReason: string | false): string => (skipReason ? `${name} (skipped: ${skipReason})` : name);

let sample: SpeechSample;
let dir: string;

beforeAll(() => {
  sample = makeSpeechSample();
  dir = sample.dir;
});

afterAll(() => sample?.dispose());

/** Runs the engine on the speech sample and checks what every engine must give the pipeline. */
async function checkEngineOnSpeech(engine: SpeechToText): Promise<TranscriptSegment[]> {
  const started = performance.now();
  const segments = await engine.transcribe(sample.wav, { language: 'en' });
  const seconds = (performance.now() - started) / 1000;

  const hypothesis = normalise(segments.map((s) => s.text).join(' '));
  const recognised = CONTENT_WORDS.filter((word) => hypothesis.includes(word));
  const accuracy = wordAccuracy(normalise(SENTENCES.join(' ')), hypothesis);
  console.log(
    `${engine.engine}: ${sample.durationSec.toFixed(2)} s of speech in ${seconds.toFixed(2)} s ` +
      `(${(seconds / sample.durationSec).toFixed(3)} s per audio second); word accuracy ${(accuracy * 100).toFixed(0)}%; ` +
      `content words ${recognised.length}/${CONTENT_WORDS.length}; "${hypothesis.join(' ')}"`,
  );
  expect(recognised.length / CONTENT_WORDS.length).toBeGreaterThanOrEqual(0.6);

  expect(segments.length).toBeGreaterThan(0);
  let previousEnd = 0;
  for (const segment of segments) {
    expect(segment.text.trim()).not.toBe('');
    expect(segment.start).toBeGreaterThanOrEqual(previousEnd - 0.05); // increasing, no big overlap
    expect(segment.end).toBeGreaterThanOrEqual(segment.start);
    expect(segment.end).toBeLessThanOrEqual(sample.durationSec + 0.05);
    previousEnd = segment.end;
    for (const word of segment.words ?? []) {
      expect(word.start).toBeGreaterThanOrEqual(segment.start);
      expect(word.end).toBeLessThanOrEqual(segment.end);
    }
  }
  return segments;
}

describe('pocketsphinx', () => {
  const skip = !hasPocketsphinx && POCKETSPHINX_MISSING;

  it.skipIf(skip)(title('transcribes flite speech with word times, split at the pause', skip), async () => {
    const segments = await checkEngineOnSpeech(new PocketsphinxSpeechToText());
    // The 1.5 s pause between the sentences separates them (library ... students).
    const libraryEnd = segments.findIndex((s) => normalise(s.text).includes('library'));
    const studentsStart = segments.findIndex((s) => normalise(s.text).includes('students'));
    if (libraryEnd >= 0 && studentsStart >= 0) expect(studentsStart).toBeGreaterThan(libraryEnd);
    expect(segments.every((s) => (s.words?.length ?? 0) > 0)).toBe(true);
  });

  it.skipIf(skip)(title('is selected by auto without a Whisper model, and check() passes', skip), async () => {
    const emptyModels = path.join(dir, 'no-models');
    const engine = await selectSpeechToText('auto', { modelsDir: emptyModels });
    expect(engine.engine).toBe('pocketsphinx (en-us)');
  });

  it.skipIf(skip)(title('kills the decoder when the signal aborts', skip), async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = new PocketsphinxSpeechToText().transcribe(sample.wav, { language: 'en', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.skipIf(skip)(title('warns about non-English audio and still decodes it', skip), async () => {
    const warnings: string[] = [];
    const engine = new PocketsphinxSpeechToText({ onWarning: (m) => warnings.push(m) });
    const segments = await engine.transcribe(sample.wav, { language: 'de' });
    expect(segments.length).toBeGreaterThan(0);
    expect(warnings).toEqual([expect.stringContaining('only the en-us model')]);
  });

  it.skipIf(skip)(title('reports a wrong input format with the decoder reason', skip), async () => {
    const stereo = path.join(dir, 'stereo-44k.wav');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', sample.wav, '-ar', '44100', '-ac', '2', stereo]);
    await expect(new PocketsphinxSpeechToText().transcribe(stereo, { language: null })).rejects.toThrow(
      /exited with code 1: .*channels/,
    );
  });

  it('names the apt-get command when the program is missing', async () => {
    const engine = new PocketsphinxSpeechToText({ binary: '/nonexistent/pocketsphinx_continuous' });
    await expect(engine.transcribe(sample.wav, { language: null })).rejects.toThrow(
      'sudo apt-get install -y pocketsphinx pocketsphinx-en-us',
    );
    await expect(engine.check()).rejects.toThrow('sudo apt-get install -y pocketsphinx pocketsphinx-en-us');
  });
});

describe('whisper', () => {
  const skip = !whisperModel && WHISPER_MISSING;

  it.skipIf(skip)(title(`transcribes flite speech with ${whisperModel ? path.basename(whisperModel) : 'a ggml model'}`, skip), async () => {
    const engine = new WhisperSpeechToText(whisperModel!);
    try {
      expect(engine.engine).toBe(`whisper (${path.basename(whisperModel!)})`);
      const segments = await checkEngineOnSpeech(engine);
      expect(segments.some((s) => (s.words?.length ?? 0) > 0)).toBe(true);
    } finally {
      await engine.close();
    }
  });

  const noBinding = !bindingInstalled && BINDING_MISSING;
  it.skipIf(noBinding)(title('runs the real binding on a synthetic model made at test time', noBinding), async () => {
    // Weights that make the decoder say "<|0.20|> the river lib|rary|. <|3.00|>": checks the
    // binding API, word merging and times without a real model (none can be downloaded here).
    const modelsRoot = path.join(dir, 'synthetic-models');
    mkdirSync(path.join(modelsRoot, 'whisper'), { recursive: true });
    writeFileSync(path.join(modelsRoot, 'whisper', 'ggml-synthetic.en.bin'), syntheticWhisperModel());
    const engine = await selectSpeechToText('auto', { modelsDir: modelsRoot });
    try {
      expect(engine.engine).toBe('whisper (ggml-synthetic.en.bin)');
      const segments = await engine.transcribe(sample.wav, { language: null });
      expect(segments.map((s) => s.text)).toEqual(['the river library.']);
      expect(segments[0]!.words!.map((w) => w.text)).toEqual(['the', 'river', 'library.']);
      expect(segments[0]).toMatchObject({ start: 0.2, end: 3 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const aborted = engine.transcribe(sample.wav, { language: 'en', signal: controller.signal });
      await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
      expect((await engine.transcribe(sample.wav, { language: 'en' })).length).toBe(1); // still usable
    } finally {
      await (engine as WhisperSpeechToText).close();
    }
  });

  it('explicit BIBLIO_STT=whisper without a model names BIBLIO_MODELS_DIR', async () => {
    await expect(selectSpeechToText('whisper', { modelsDir: path.join(dir, 'no-models') })).rejects.toThrow(/BIBLIO_MODELS_DIR/);
  });
});

describe('http (OpenAI-compatible)', () => {
  const skip = !sttUrl && HTTP_MISSING;

  it.skipIf(skip)(title('transcribes flite speech through BIBLIO_TEST_STT_URL', skip), async () => {
    const engine = await selectSpeechToText('http', {
      modelsDir: dir,
      httpUrl: sttUrl!,
      ...(process.env['BIBLIO_TEST_STT_MODEL'] ? { httpModel: process.env['BIBLIO_TEST_STT_MODEL'] } : {}),
      ...(process.env['BIBLIO_TEST_STT_API_KEY'] ? { httpApiKey: process.env['BIBLIO_TEST_STT_API_KEY'] } : {}),
    });
    await checkEngineOnSpeech(engine);
  });

  it('explicit BIBLIO_STT=http without a URL names BIBLIO_STT_URL', async () => {
    await expect(selectSpeechToText('http', { modelsDir: dir })).rejects.toThrow(/BIBLIO_STT_URL/);
  });

});

/**
 * A whisper.cpp ggml file (English vocabulary size, 64-dim, f32) whose weights are zero except a
 * decoder MLP that maps each token of a fixed chain to the next one: SOT -> <|0.20|> -> " the"
 * -> " river" -> " lib" -> "rary" -> "." -> <|3.00|> -> EOT. Tokens are one-hot embeddings.
 */
function syntheticWhisperModel(): Buffer {
  const S = 64, NV = 51864, EOT = 50256, SOT = 50257, BEG = 50363, scale = 8, active = 4.94;
  const text: Record<number, string> = { 220: ' ', 1000: ' the', 1001: ' river', 1002: ' lib', 1003: 'rary', 1004: '.' };
  const chain = [SOT, BEG + 10, 1000, 1001, 1002, 1003, 1004, BEG + 150, EOT];
  const parts: Buffer[] = [];
  const ints = (...v: number[]): void => void parts.push(Buffer.from(new Int32Array(v).buffer));
  const floats = (a: Float32Array): void => void parts.push(Buffer.from(a.buffer));
  ints(0x67676d6c, NV, 1500, S, 1, 4, 448, S, 1, 1, 80, 0); // magic, hparams (4 audio, 1 text layer)
  ints(80, 201);
  floats(new Float32Array(80 * 201)); // mel filters
  ints(EOT);
  for (let i = 0; i < EOT; i++) {
    const bytes = Buffer.from(text[i] ?? `t${i}`);
    ints(bytes.length);
    parts.push(bytes);
  }
  const tensor = (name: string, ne: number[], fill?: (data: Float32Array) => void): void => {
    const data = new Float32Array(ne.reduce((a, b) => a * b, 1));
    fill?.(data);
    ints(ne.length, Buffer.byteLength(name), 0, ...ne);
    parts.push(Buffer.from(name));
    floats(data);
  };
  const ones = (d: Float32Array): void => void d.fill(1);
  const attention = (p: string): void => {
    tensor(`${p}_ln.weight`, [S], ones);
    tensor(`${p}_ln.bias`, [S]);
    for (const m of ['query', 'value', 'out']) {
      tensor(`${p}.${m}.weight`, [S, S]);
      tensor(`${p}.${m}.bias`, [S]);
    }
    tensor(`${p}.key.weight`, [S, S]);
  };
  const mlp = (p: string, w1?: (d: Float32Array) => void, b1?: (d: Float32Array) => void, w2?: (d: Float32Array) => void): void => {
    tensor(`${p}mlp_ln.weight`, [S], ones);
    tensor(`${p}mlp_ln.bias`, [S]);
    tensor(`${p}mlp.0.weight`, [S, 4 * S], w1);
    tensor(`${p}mlp.0.bias`, [4 * S], b1);
    tensor(`${p}mlp.2.weight`, [4 * S, S], w2);
    tensor(`${p}mlp.2.bias`, [S]);
  };
  tensor('encoder.positional_embedding', [S, 1500]);
  tensor('encoder.conv1.weight', [3, 80, S]);
  tensor('encoder.conv1.bias', [1, S]);
  tensor('encoder.conv2.weight', [3, S, S]);
  tensor('encoder.conv2.bias', [1, S]);
  tensor('encoder.ln_post.weight', [S], ones);
  tensor('encoder.ln_post.bias', [S]);
  for (let i = 0; i < 4; i++) {
    mlp(`encoder.blocks.${i}.`);
    attention(`encoder.blocks.${i}.attn`);
  }
  tensor('decoder.positional_embedding', [S, 448]);
  tensor('decoder.token_embedding.weight', [S, NV], (d) => chain.forEach((token, k) => (d[token * S + k] = scale)));
  tensor('decoder.ln.weight', [S], ones);
  tensor('decoder.ln.bias', [S]);
  // Hidden unit k fires only for chain token k (layer-normed one-hot ~7.9 vs bias -3) and moves
  // the residual stream from dimension k to dimension k+1: the next token of the chain.
  const steps = chain.length - 1;
  mlp(
    'decoder.blocks.0.',
    (d) => { for (let k = 0; k < steps; k++) d[k * S + k] = 1; },
    (d) => { for (let k = 0; k < steps; k++) d[k] = -3; },
    (d) => {
      for (let k = 0; k < steps; k++) {
        d[(k + 1) * 4 * S + k] = scale / active;
        d[k * 4 * S + k] = -scale / active;
      }
    },
  );
  attention('decoder.blocks.0.attn');
  attention('decoder.blocks.0.cross_attn');
  return Buffer.concat(parts);
}
