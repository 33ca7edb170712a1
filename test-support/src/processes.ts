import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './repo.js';

/** A child process that printed its ready line; `url` is what the ready pattern captured. */
export interface RunningProcess {
  url: string;
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** SIGKILL: no cleanup at all, as in a power cut or OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** Sends `signal` to the whole process group (needs `ownGroup`). */
  signalGroup(signal: NodeJS.Signals): void;
}

/**
 * The node flags every launcher of the appliance and of the desktop's Node processes passes
 * (docker/Dockerfile, docker/compose.yml, scripts/start.ts, the npm scripts): a floor under
 * V8's old-generation GC limit. Without it, once V8's memory reducer has shrunk an idle heap,
 * the external memory of upload buffers sets off a full GC every ~12 MiB sent or received (80+
 * per GiB), and an upload costs 2.5x the CPU on each side. See docs/benchmarks.md.
 */
export const NODE_HEAP_FLOOR_ARGS = ['--initial-heap-size=128'];

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  /** A stdout line that says the process is ready; its first group is the `url`. */
  ready: RegExp;
  args?: string[];
  /** Leader of a new process group, so a test can signal the group as a terminal's Ctrl-C does. */
  ownGroup?: boolean;
  /** Kept below vitest's and Playwright's test timeouts, so a hung start reports its output. */
  timeoutMs?: number;
  /** Flags for node itself (before the entry point), e.g. V8 heap settings. */
  nodeArgs?: string[];
}

/**
 * Runs a TypeScript entry point of this repository in a plain node process (no npm or tsx
 * wrapper, so signals hit it directly).
 */
export function spawnEntry(entry: string, args: string[], env: NodeJS.ProcessEnv, ownGroup = false, nodeArgs: string[] = []): ChildProcess {
  // Compiled JavaScript (npm run build:appliance) runs as the docker image runs it.
  const loader = entry.endsWith('.js') ? ['--conditions=biblio-compiled'] : ['--import', 'tsx'];
  return spawn(process.execPath, [...nodeArgs, ...loader, path.join(REPO_ROOT, entry), ...args], {
    cwd: REPO_ROOT,
    // As the docker image and npm start run it (docker/Dockerfile: two malloc arenas).
    env: { MALLOC_ARENA_MAX: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownGroup,
  });
}

/** Starts an entry point and resolves once its stdout shows `ready`; rejects with its output if it exits or times out first. */
export async function startEntry(entry: string, options: StartOptions): Promise<RunningProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawnEntry(entry, options.args ?? [], options.env, options.ownGroup ?? false, options.nodeArgs ?? []);
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => ((output += d.toString()), (stdout += d.toString())));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const match = options.ready.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    url,
    child,
    output: () => output,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    signalGroup(signal) {
      if (!options.ownGroup) throw new Error(`signalGroup needs ${entry} started with ownGroup`);
      process.kill(-child.pid!, signal);
    },
  };
}

/** Runs an entry point to its end; returns its stdout, stderr and exit code. */
export async function runEntry(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawnEntry(entry, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { stdout, stderr, code };
}

/** Is a process alive? (node-kit's check, the one the product uses) */
export { isProcessAlive as alive } from '@biblio/node-kit';
