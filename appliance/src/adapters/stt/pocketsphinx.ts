import { spawn } from 'node:child_process';
import { groupWordsIntoSegments, parsePocketsphinxTimes } from '../../domain/transcript.js';
import type { SpeechToText, TranscribeOptions, TranscriptSegment } from '../../ports/speech-to-text.js';

/*
 * CMU pocketsphinx 0.8 as packaged by Debian (`pocketsphinx_continuous`), run as a child process
 * per window. Facts about that binary (measured here, 0.8+5prealpha+1-15):
 * - stdout carries only results: per utterance, a hypothesis line, then with `-time yes` one
 *   `WORD START END POSTERIOR` line per word, times from the start of the file.
 * - every log line (config dump, INFO, and the ERROR/FATAL that explain a failure) goes to
 *   stderr. So `-logfn /dev/null` is not needed to keep stdout clean, and it would hide the
 *   reason of a failure (a wrong sample rate exits 1 with nothing printed). We keep stderr and
 *   quote its ERROR/FATAL lines instead.
 * - it needs 16 kHz, 16-bit, mono WAV (else: exit 1, "format mismatch"); the pipeline's windows
 *   are exactly that.
 * - Debian ships only the US English model (package pocketsphinx-en-us), the compiled-in default.
 */

export const POCKETSPHINX_INSTALL = 'sudo apt-get install -y pocketsphinx pocketsphinx-en-us';
const DEFAULT_BINARY = 'pocketsphinx_continuous';
/** Enough of stderr to hold the ERROR/FATAL lines printed at the end; the config dump is ~15 KB. */
const STDERR_TAIL_BYTES = 64 * 1024;

export interface PocketsphinxOptions {
  /** Program to run; tests point it at a missing path. */
  binary?: string;
  /**
   * Called once per transcribe() whose language is set and not English: the only model is
   * en-us, so such audio is still decoded (its timing and any English words stay useful) but
   * the words are unreliable. The composition root can log this or show it to the owner.
   */
  onWarning?: (message: string) => void;
}

export class PocketsphinxSpeechToText implements SpeechToText {
  /**
   * Constant, because the port's engine is a property, not per call: "(en-us)" names the only
   * model there is, which tells /healthz readers that it is an English-only engine.
   */
  readonly engine = 'pocketsphinx (en-us)';
  readonly languages = ['en'] as const;
  private readonly binary: string;
  private readonly onWarning: ((message: string) => void) | undefined;

  constructor(options: PocketsphinxOptions = {}) {
    this.binary = options.binary ?? DEFAULT_BINARY;
    this.onWarning = options.onWarning;
  }

  /**
   * Verifies that the program and its English model are installed, without any audio: the
   * program loads the model before it opens its input, so a missing input file is the one
   * failure that proves everything else is in place (~0.3 s).
   */
  async check(): Promise<void> {
    const probe = `/nonexistent-biblio-probe-${process.pid}.wav`;
    const result = await run(this.binary, ['-infile', probe]);
    if (!result.stderr.includes('Failed to open file')) throw failure(this.binary, result);
  }

  async transcribe(wavPath: string, options: TranscribeOptions): Promise<TranscriptSegment[]> {
    const language = options.language?.trim().toLowerCase();
    if (language && !language.startsWith('en')) {
      this.onWarning?.(`pocketsphinx has only the en-us model; audio in language "${language}" is decoded as English`);
    }
    const result = await run(this.binary, ['-infile', wavPath, '-time', 'yes'], options.signal);
    if (result.code !== 0) throw failure(this.binary, result);
    return groupWordsIntoSegments(parsePocketsphinxTimes(result.stdout));
  }
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the program (never blocking the event loop) and kills it when `signal` aborts. */
function run(binary: string, args: string[], signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > STDERR_TAIL_BYTES * 2) stderr = stderr.slice(-STDERR_TAIL_BYTES);
    });

    const onAbort = (): void => {
      // SIGKILL: the decoder has no cleanup to do, and a window can take a while to finish.
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      if (error.code === 'ENOENT') {
        reject(new Error(`${binary} was not found on PATH: install it with ${POCKETSPHINX_INSTALL}`));
      } else {
        reject(new Error(`could not run ${binary}: ${error.message}`));
      }
    });
    child.on('close', (code, killSignal) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      resolve({ code, signal: killSignal, stdout: Buffer.concat(stdout).toString('utf8'), stderr });
    });
  });
}

function failure(binary: string, result: RunResult): Error {
  const reasons = result.stderr
    .split('\n')
    .filter((line) => /^(ERROR|FATAL)\b/.test(line))
    .map((line) => line.replace(/^(ERROR|FATAL): "[^"]*", line \d+: /, '').trim());
  const how = result.code === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with code ${result.code}`;
  let message = `${binary} ${how}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`;
  // A missing or broken model is reported as an unreadable acoustic model/dictionary/LM.
  if (/acoustic model|mdef|dictionary|\.dict|language model|\.lm/i.test(message)) {
    message += ` (is the en-us model installed? ${POCKETSPHINX_INSTALL})`;
  }
  return new Error(message);
}
