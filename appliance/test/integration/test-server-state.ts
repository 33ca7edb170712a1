import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The state folders of the S3 and Postgres test servers (BIBLIO_S3_TEST_DIR, BIBLIO_PG_TEST_DIR).
 *
 * A folder set in the environment is used as it is. Otherwise each run gets a folder of its own,
 * so two checkouts, or a benchmark and a test, on one machine never find each other's server
 * "healthy" and use it, nor stop and delete it when they finish. A run that was killed before its
 * teardown leaves its servers running: the next run stops those of runs whose process is gone,
 * and touches no folder of a run that is still alive.
 */
const RUN_PREFIX = 'biblio-test-servers-';
const OWNER_FILE = 'owner';

export interface ServerScripts {
  pg: string;
  s3: string;
}

export interface ServerStateDirs {
  /** Stops nothing: deletes this run's folder once the scripts' `stop` emptied it. */
  release(): void;
}

export function claimServerStateDirs(scripts: ServerScripts): ServerStateDirs {
  const unset = ['BIBLIO_PG_TEST_DIR', 'BIBLIO_S3_TEST_DIR'].filter((name) => !process.env[name]);
  if (unset.length === 0) return { release: () => undefined };
  reapAbandonedRuns(scripts);
  const runDir = mkdtempSync(path.join(tmpdir(), RUN_PREFIX));
  // mkdtemp makes it 0700; the host's postgres user (the --no-vector server) must pass through.
  chmodSync(runDir, 0o755);
  writeFileSync(path.join(runDir, OWNER_FILE), processIdentity(process.pid) ?? String(process.pid));
  // The scripts, and the test workers that inherit this environment, see the same folders.
  if (unset.includes('BIBLIO_PG_TEST_DIR')) process.env['BIBLIO_PG_TEST_DIR'] = path.join(runDir, 'pg');
  if (unset.includes('BIBLIO_S3_TEST_DIR')) process.env['BIBLIO_S3_TEST_DIR'] = path.join(runDir, 's3');
  return {
    release() {
      for (const name of unset) delete process.env[name];
      removeIfStopped(runDir);
    },
  };
}

/** "PID STARTTIME": the start time tells a live owner from a recycled PID. Undefined when the process is gone. */
function processIdentity(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses); starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid} ${fields[19]}`;
  } catch {
    try {
      process.kill(pid, 0);
      return String(pid); // no /proc: a live PID is all we can tell
    } catch {
      return undefined;
    }
  }
}

function ownerAlive(runDir: string): boolean {
  const [pid, started] = readFileSync(path.join(runDir, OWNER_FILE), 'utf8').trim().split(' ');
  if (!(Number(pid) > 0)) return false;
  const now = processIdentity(Number(pid));
  if (now === undefined) return false;
  const nowStarted = now.split(' ')[1];
  return started === undefined || nowStarted === undefined || started === nowStarted;
}

/** Stops the servers of runs whose process is gone, and deletes their folders. */
function reapAbandonedRuns(scripts: ServerScripts): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const runDir = path.join(tmpdir(), name);
    let alive: boolean;
    try {
      alive = ownerAlive(runDir);
    } catch {
      continue; // no owner file yet (a run that is starting) or not ours to judge
    }
    if (alive) continue;
    process.stderr.write(`test servers: stopping the servers of an abandoned run in ${runDir}\n`);
    const env = { ...process.env, BIBLIO_PG_TEST_DIR: path.join(runDir, 'pg'), BIBLIO_S3_TEST_DIR: path.join(runDir, 's3') };
    for (const script of [scripts.pg, scripts.s3]) {
      try {
        execFileSync(script, ['stop'], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });
      } catch {
        // reported on stderr; the folder then stays for a later run or a person to look at
      }
    }
    removeIfStopped(runDir);
  }
}

/** `stop` deletes each server's data; a data folder still there means it refused (e.g. a mount inside). */
function removeIfStopped(runDir: string): void {
  const leftovers = [path.join(runDir, 'pg', 'pg'), path.join(runDir, 'pg', 'pg-novector'), path.join(runDir, 's3', 'cluster')].filter((dir) =>
    existsSync(dir),
  );
  if (leftovers.length > 0) {
    process.stderr.write(`test servers: leaving ${runDir}: ${leftovers.join(', ')} not stopped\n`);
    return;
  }
  rmSync(runDir, { recursive: true, force: true });
}
