import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Starts a TypeScript entry point in plain node (signals reach it directly) and waits for `ready`. */
async function startEntry(entry: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<RunningProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited before it was ready:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The all-in-one appliance on embedded defaults in `dataDir`. */
export function startAppliance(dataDir: string, port = 0): Promise<RunningProcess> {
  return startEntry(
    'appliance/src/main/appliance.ts',
    { ...process.env, BIBLIO_DATA_DIR: dataDir, BIBLIO_PORT: String(port), BIBLIO_ADMIN_TOKEN: ADMIN_TOKEN, BIBLIO_LOG_LEVEL: 'warn', BIBLIO_TRANSCRIBE_WINDOW: '10s' },
    /listening on (http:\/\/\S+)/,
  );
}

/** The desktop host serving the real renderer, with the core's state in `stateDir`. */
export function startHost(stateDir: string, port = 0): Promise<RunningProcess> {
  return startEntry(
    'desktop/src/host/main.ts',
    { ...process.env, BIBLIO_CLIENT_STATE_DIR: stateDir, BIBLIO_HOST_PORT: String(port) },
    /Biblio desktop UI: (http:\/\/\S+)/,
  );
}

/** A SIGKILLed appliance leaves its private redis-server behind. */
export async function cleanupAppliance(dataDir: string): Promise<void> {
  const pid = Number((await readFile(path.join(dataDir, 'redis', 'redis.pid'), 'utf8').catch(() => '')).trim());
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await rm(dataDir, { recursive: true, force: true });
}

/** Creates a user through the admin CLI and returns its token. */
export async function createUser(dataDir: string, name: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'appliance/src/main/admin.ts'), 'create-user', name], {
    cwd: ROOT,
    env: { ...process.env, BIBLIO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`create-user ${name} failed: ${stderr}`);
  return stdout.trim().split('\n').pop()!;
}

export async function applianceApi(base: string, token: string, route: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${route}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
