import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import {
  ADMIN_TOKEN,
  killEmbeddedRedis,
  REPO_ROOT,
  startAppliance,
  tempDir,
  type ApplianceProcess,
} from '@biblio/test-support';

export { ADMIN_TOKEN, type ApplianceProcess };

/**
 * The real all-in-one appliance (`npm run appliance`'s entry point in a plain node process,
 * started by the integration tests' harness) on a private data dir with its embedded redis.
 */
export interface BenchAppliance {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ApplianceProcess;
  /** SIGKILL (a power cut) and start again on the same data dir and port. */
  killAndRestart(): Promise<void>;
  /** SIGTERM, then remove the data dir (unless it was given). */
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The compiled entry point the docker image and `npm start` run (npm run build:appliance). */
export const COMPILED_ENTRY = 'appliance/dist/main/appliance.js';

let built = false;
/**
 * Compiles the appliance (once per bench run; incremental) so a benchmark measures what
 * production runs, the compiled JavaScript, not the tsx loader. Returns the entry to launch.
 */
export function compiledEntry(): string {
  if (!built) execFileSync(process.execPath, ['scripts/build-appliance.mjs'], { cwd: REPO_ROOT, stdio: 'ignore' });
  built = true;
  return COMPILED_ENTRY;
}

export async function launchAppliance(options: { env?: Record<string, string>; dataDir?: string; entry?: string; nodeArgs?: string[] } = {}): Promise<BenchAppliance> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await tempDir('biblio-bench-appliance-'));
  // A fixed port, so uploads resume at the same URL after a restart.
  const env = { BIBLIO_PORT: String(await freePort()), ...options.env };
  const entry = { ...(options.entry !== undefined ? { entry: options.entry } : {}), ...(options.nodeArgs !== undefined ? { nodeArgs: options.nodeArgs } : {}) };
  let current = await startAppliance({ dataDir, env, ...entry });
  const appliance: BenchAppliance = {
    get url() {
      return current.url;
    },
    dataDir,
    get process() {
      return current;
    },
    async killAndRestart() {
      await current.kill();
      await killEmbeddedRedis(dataDir);
      current = await startAppliance({ dataDir, env, ...entry });
    },
    async dispose() {
      if (current.child.exitCode === null && current.child.signalCode === null) {
        const stopped = current.stop();
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
        if ((await Promise.race([stopped, timeout])) === 'timeout') await current.kill();
      }
      await killEmbeddedRedis(dataDir);
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return appliance;
}

/** GET/DELETE on the appliance's API with the admin token; throws on a non-2xx answer. */
export async function api<T>(base: string, pathAndQuery: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${pathAndQuery}`, { ...init, headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...init.headers } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${pathAndQuery}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
