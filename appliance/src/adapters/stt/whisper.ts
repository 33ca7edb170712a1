import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { groupWordsIntoSegments } from '../../domain/transcript.js';
import type { SpeechToText, TranscribeOptions, TranscriptSegment, TranscriptWord } from '../../ports/speech-to-text.js';

/*
 * whisper.cpp in-process through @fugood/whisper.node (prebuilt N-API addon per platform,
 * maintained, MIT). Why this binding and not @napi-rs/whisper: its transcription runs on a
 * libuv worker thread and returns a promise with a stop() handle (the napi-rs `full()` is
 * synchronous and would block the event loop, and so BullMQ lock renewal, for the whole
 * window), it reads WAV files itself, and it exposes token timestamps.
 *
 * The package is loaded with a dynamic import on first use, so the appliance starts (and uses
 * pocketsphinx) where it is not installed, and tsc does not need its types: the few members we
 * use are declared below (its published "types" entry points at a .d.ts it does not ship).
 */

const PACKAGE = '@fugood/whisper.node';

interface WhisperSegmentResult {
  text: string;
  /** Milliseconds from the start of the file (the binding multiplies whisper's 10 ms units). */
  t0: number;
  t1: number;
}

interface WhisperTranscribeResult {
  language?: string;
  result: string;
  segments: WhisperSegmentResult[];
  isAborted: boolean;
}

interface WhisperContext {
  transcribeFile(
    filePath: string,
    options: Record<string, unknown>,
  ): { stop: () => Promise<void>; promise: Promise<WhisperTranscribeResult> };
  release(): Promise<void>;
}

interface WhisperModule {
  initWhisper(options: { filePath: string; useGpu?: boolean }): Promise<WhisperContext>;
  addNativeLogListener?(listener: (level: string, text: string) => void): { remove: () => void };
  toggleNativeLog?(enable: boolean): Promise<void>;
}

/** whisper.cpp's language codes (g_lang); anything else would make whisper_full fail. */
const WHISPER_LANGUAGES = new Set(
  ('en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr bg lt la ' +
    'mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn yo so af oc ka be tg ' +
    'sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su yue').split(' '),
);

/** Whisper model files are `ggml-<name>.bin`; VAD and Parakeet models share the prefix. */
const MODEL_FILE = /^ggml-.+\.bin$/;
const NOT_WHISPER = /^ggml-(silero|vad|parakeet)/i;

/**
 * The Whisper model provisioned under `modelsDir/whisper/` (preferred) or `modelsDir/`, or
 * undefined. When several are present the largest file wins: the most capable model the
 * operator chose to provision (provision exactly one to be explicit).
 */
export function findWhisperModel(modelsDir: string): string | undefined {
  for (const dir of [path.join(modelsDir, 'whisper'), modelsDir]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // a missing folder just means "not provisioned here"
    }
    const candidates = names
      .filter((name) => MODEL_FILE.test(name) && !NOT_WHISPER.test(name))
      .map((name) => path.join(dir, name))
      .flatMap((file) => {
        try {
          const stat = statSync(file);
          return stat.isFile() ? [{ file, size: stat.size }] : [];
        } catch {
          return [];
        }
      })
      .sort((a, b) => b.size - a.size || a.file.localeCompare(b.file));
    if (candidates[0]) return candidates[0].file;
  }
  return undefined;
}

export interface WhisperOptions {
  /** CPU threads for one transcription; default: whisper.node's min(8, cores). */
  threads?: number;
  /** Off by default: the prebuilt default variant is CPU-only except Metal on macOS. */
  useGpu?: boolean;
}

export class WhisperSpeechToText implements SpeechToText {
  readonly engine: string;
  private context: Promise<WhisperContext> | undefined;
  /** One whisper context holds one decoding state: calls are queued, not run concurrently. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly englishOnly: boolean;
  readonly languages: readonly string[] | 'any';
  private nativeLog: string[] = [];
  private detachLog: (() => Promise<void>) | undefined;

  constructor(
    private readonly modelPath: string,
    private readonly options: WhisperOptions = {},
  ) {
    const file = path.basename(modelPath);
    this.engine = `whisper (${file})`;
    // `ggml-base.en.bin`, `ggml-small.en-q5_1.bin`: English-only models cannot detect a language.
    this.englishOnly = /\.en([.-]|$)/.test(file.replace(/\.bin$/, ''));
    this.languages = this.englishOnly ? ['en'] : 'any';
  }

  transcribe(wavPath: string, options: TranscribeOptions): Promise<TranscriptSegment[]> {
    const next = this.queue.then(() => this.transcribeNow(wavPath, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Frees the model's memory and stops routing whisper.cpp's log to us (that routing is a
   * thread-safe function that keeps Node's event loop alive). The next transcribe() reloads.
   */
  async close(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    try {
      if (context) await (await context.catch(() => undefined))?.release();
    } finally {
      await this.detachLog?.();
      this.detachLog = undefined;
    }
  }

  private async transcribeNow(wavPath: string, options: TranscribeOptions): Promise<TranscriptSegment[]> {
    options.signal?.throwIfAborted();
    const context = await this.load();
    options.signal?.throwIfAborted();
    const language = this.englishOnly ? 'en' : whisperLanguage(options.language);

    // Word timings: whisper.cpp's "max_len = 1" splits every segment at each token, with
    // token-level timestamps; tokens that start with a space begin a new word.
    const tokens = await this.run(context, wavPath, options.signal, {
      language,
      tokenTimestamps: true,
      maxLen: 1,
      temperature: 0,
      ...(this.options.threads ? { maxThreads: this.options.threads } : {}),
    });
    if (!tokens.some((t) => t.text.includes('\uFFFD'))) {
      return groupWordsIntoSegments(mergeTokensIntoWords(tokens));
    }
    // Defensive: a token can hold part of a multi-byte character. whisper.cpp 1.1.3's splitter
    // counts characters and kept such pieces together in our test, but a piece split on its own
    // would reach us as U+FFFD: then decode again with whole segments, without word times.
    const segments = await this.run(context, wavPath, options.signal, {
      language,
      temperature: 0,
      ...(this.options.threads ? { maxThreads: this.options.threads } : {}),
    });
    return segments
      .map((s) => ({ start: s.t0 / 1000, end: s.t1 / 1000, text: s.text.trim() }))
      .filter((s) => s.text !== '' && !isAnnotation(s.text));
  }

  private async run(
    context: WhisperContext,
    wavPath: string,
    signal: AbortSignal | undefined,
    params: Record<string, unknown>,
  ): Promise<WhisperSegmentResult[]> {
    const job = context.transcribeFile(wavPath, params);
    // whisper.node 1.1.3 (latest stable) has two bugs, fixed in 1.2.0-rc.0: stop() is only
    // checked before and after whisper_full (a window is never interrupted), and a native
    // failure or cancellation leaves job.promise pending forever (its error callback is called
    // with one argument where two are expected). So on abort we stop() and reject at once,
    // without awaiting the native promise; the native worker finishes in the background while
    // holding the context's mutex, so a next call simply waits for it. A native failure on
    // 1.1.3 surfaces only through the caller's signal (the pipeline stage timeout).
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => {
        void job.stop().catch(() => undefined);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    job.promise.catch(() => undefined); // settles late (or never) after an abort: not unhandled
    try {
      const result = await Promise.race([job.promise, aborted]);
      if (result.isAborted) throw new Error('the transcription was stopped');
      return result.segments;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new Error(`whisper could not transcribe ${wavPath}: ${describe(error)}${this.logTail()}`, { cause: error });
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  private load(): Promise<WhisperContext> {
    this.context ??= this.init().catch((error: unknown) => {
      this.context = undefined; // let a later call retry, e.g. after the model is provisioned
      throw error;
    });
    return this.context;
  }

  private async init(): Promise<WhisperContext> {
    let binding: WhisperModule;
    try {
      // A variable specifier: the package is optional and not needed to type-check.
      const specifier: string = PACKAGE;
      binding = (await import(specifier)) as WhisperModule;
    } catch (error) {
      throw new Error(`the Whisper engine needs the npm package ${PACKAGE}, which could not be loaded: ${describe(error)}`, { cause: error });
    }
    // whisper.cpp explains failures ("bad magic", "unknown language") only in its log, which
    // otherwise floods stderr with model details on every load: keep its last lines instead,
    // for our error messages. The routing is global to the binding (one engine per process).
    if (!this.detachLog && binding.addNativeLogListener && binding.toggleNativeLog) {
      const listener = binding.addNativeLogListener((_level, text) => {
        this.nativeLog.push(text.trim());
        if (this.nativeLog.length > 20) this.nativeLog.shift();
      });
      await binding.toggleNativeLog(true);
      this.detachLog = async () => {
        listener.remove();
        await binding.toggleNativeLog?.(false);
      };
    }
    try {
      return await binding.initWhisper({ filePath: this.modelPath, useGpu: this.options.useGpu ?? false });
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 20)); // log lines arrive asynchronously
      throw new Error(`could not load the Whisper model ${this.modelPath}: ${describe(error)}${this.logTail()}`, { cause: error });
    }
  }

  private logTail(): string {
    const lines = this.nativeLog.filter((line) => /fail|error|invalid|unknown|bad/i.test(line)).slice(-3);
    this.nativeLog = [];
    return lines.length > 0 ? ` (${lines.join('; ')})` : '';
  }
}

/** Upload metadata may say "en", "en-US" or "EN"; whisper wants a code it knows, else auto. */
export function whisperLanguage(language: string | null): string {
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && WHISPER_LANGUAGES.has(primary) ? primary : 'auto';
}

/**
 * Joins whisper's per-token segments (from max_len = 1) into words. A token starting with
 * whitespace starts a word; one without continues the previous word ("lib" + "rary").
 * Non-speech annotations such as "[BLANK_AUDIO]" or "(music)" are dropped.
 */
export function mergeTokensIntoWords(tokens: readonly WhisperSegmentResult[]): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  let current: TranscriptWord | undefined;
  for (const token of tokens) {
    if (token.text === '') continue;
    const start = token.t0 / 1000;
    const end = Math.max(start, token.t1 / 1000);
    if (!current || /^\s/.test(token.text)) {
      if (current) words.push(current);
      current = { start, end, text: token.text.trim() };
    } else {
      current.text += token.text;
      current.end = Math.max(current.end, end);
    }
  }
  if (current) words.push(current);
  return dropAnnotations(words.filter((w) => w.text !== ''));
}

/**
 * Removes bracketed non-speech annotations, also when they span words ("(upbeat music)"). An
 * opening bracket that is not closed within a few words is kept: it is probably real text.
 */
function dropAnnotations(words: TranscriptWord[]): TranscriptWord[] {
  const kept: TranscriptWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const open = /^[[(*]/.exec(words[i]!.text)?.[0];
    if (open) {
      const close = open === '[' ? ']' : open === '(' ? ')' : '*';
      const last = words.slice(i, i + 5).findIndex((w, k) => (k > 0 || w.text.length > 1) && w.text.endsWith(close));
      if (last >= 0) {
        i += last;
        continue;
      }
    }
    kept.push(words[i]!);
  }
  return kept;
}

function isAnnotation(text: string): boolean {
  return /^(\[[^\]]*\]|\([^)]*\)|\*[^*]*\*)$/.test(text.trim());
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
