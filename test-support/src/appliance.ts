import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from './files.js';
import { NODE_HEAP_FLOOR_ARGS, runEntry, startEntry, type RunningProcess } from './processes.js';

/** The bootstrap admin token every test appliance starts with. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface ApplianceProcess extends RunningProcess {
  dataDir: string;
}

export interface ApplianceOptions {
  /** Default: a fresh temp dir (the caller removes it, e.g. with removeApplianceData). */
  dataDir?: string;
  /** Default 0: a free port. A restart passes the port it had, so clients find it again. */
  port?: number;
  env?: Record<string, string>;
  args?: string[];
  ownGroup?: boolean;
  /** Default: the TypeScript source; `appliance/dist/main/appliance.js` for the compiled build. */
  entry?: string;
  /** Default NODE_HEAP_FLOOR_ARGS, as production runs it. */
  nodeArgs?: string[];
}

/**
 * `npm run appliance`'s entry point (the all-in-one appliance on embedded defaults unless `env`
 * says otherwise); resolves once it listens. The start timeout stays below vitest's 120 s test
 * timeout so a hung start reports the appliance's output: run with HARNESS_LOG_LEVEL=info to see
 * in that message the last start-up step reached.
 */
export async function startAppliance(options: ApplianceOptions = {}): Promise<ApplianceProcess> {
  const dataDir = options.dataDir ?? (await tempDir());
  const running = await startEntry(options.entry ?? 'appliance/src/main/appliance.ts', {
    args: options.args ?? [],
    env: {
      ...process.env,
      BIBLIO_PORT: String(options.port ?? 0),
      BIBLIO_DATA_DIR: dataDir,
      BIBLIO_ADMIN_TOKEN: ADMIN_TOKEN,
      BIBLIO_LOG_LEVEL: process.env['HARNESS_LOG_LEVEL'] ?? 'warn',
      // Tests read the JSON lines, whatever a developer exported for their terminal.
      BIBLIO_LOG_FORMAT: 'json',
      ...options.env,
    },
    ready: /listening on (http:\/\/\S+)/,
    ownGroup: options.ownGroup ?? false,
    timeoutMs: 60_000,
    nodeArgs: options.nodeArgs ?? NODE_HEAP_FLOOR_ARGS,
  });
  return { ...running, dataDir };
}

/** The pid the embedded redis-server wrote in the data dir, or 0 when there is none. */
export async function embeddedRedisPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'redis', 'redis.pid'), 'utf8').catch(() => '')).trim());
}

/** A SIGKILLed appliance leaves its embedded redis-server running; stop it after the test. */
export async function killEmbeddedRedis(dataDir: string): Promise<void> {
  const pid = await embeddedRedisPid(dataDir);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Everything an appliance left in its data dir, its embedded redis-server included. */
export async function removeApplianceData(dataDir: string): Promise<void> {
  await killEmbeddedRedis(dataDir);
  await rm(dataDir, { recursive: true, force: true });
}

/** Stops an appliance a test started and removes everything it left (after a kill too). */
export async function disposeAppliance(app: ApplianceProcess | undefined): Promise<void> {
  if (!app) return;
  await app.stop();
  await removeApplianceData(app.dataDir);
}

/** Runs `npm run admin --`'s entry point and returns its stdout, stderr and exit code. */
export function runAdmin(dataDir: string, args: string[], env: Record<string, string> = {}) {
  return runEntry('appliance/src/main/admin.ts', args, { ...process.env, BIBLIO_DATA_DIR: dataDir, ...env });
}

/**
 * Creates a user through the admin CLI and returns its API token (the last line it prints).
 * `env` reaches the CLI: an appliance on DATABASE_URL needs its users made in that database.
 */
export async function createUser(dataDir: string, name: string, env: Record<string, string> = {}): Promise<string> {
  const created = await runAdmin(dataDir, ['create-user', name], env);
  if (created.code !== 0) throw new Error(`create-user ${name} failed: ${created.stderr}`);
  return created.stdout.trim().split('\n').pop()!;
}

/** Where the filesystem store keeps a finished upload's bytes. */
export function storedUploadFile(dataDir: string, ownerId: string, mediaId: string): string {
  return path.join(dataDir, 'storage', 'uploads', ownerId, mediaId);
}
