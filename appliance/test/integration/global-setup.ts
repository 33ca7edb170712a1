import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { claimServerStateDirs } from './test-server-state.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const S3_SCRIPT = path.join(ROOT, 'scripts/s3-test-server');
const PG_SCRIPT = path.join(ROOT, 'scripts/pg-test-server');

declare module 'vitest' {
  export interface ProvidedContext {
    /** S3_* variables of the real S3 test server, or the reason there is none. */
    s3: { env: Record<string, string> } | { missing: string };
    /** Admin URL of a real Postgres WITH pgvector (scripts/pg-test-server), or why there is none. */
    postgres: { url: string } | { missing: string };
    /** Admin URL of a real Postgres WITHOUT pgvector (Debian's own, for the refusal test), or why there is none. */
    postgresNoVector: { url: string } | { missing: string };
  }
}

function requireTool(tool: string, install: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    throw new Error(`integration tests need ${tool}: install it with ${install} (or run bash scripts/setup)`);
  }
}

/**
 * Integration tests run against real components. Redis and FFmpeg are required; the S3 suite
 * uses S3_* from the environment if set, else starts the Ceph RGW test server when Ceph is
 * installed, and is skipped (saying why) when neither is available. The servers this run starts
 * keep their state in a folder of this run's own (test-server-state.ts).
 */
export default function setup(project: TestProject): () => void {
  requireTool('redis-server', 'sudo apt-get install -y redis-server');
  requireTool('ffmpeg', 'sudo apt-get install -y ffmpeg');
  const stateDirs = claimServerStateDirs({ pg: PG_SCRIPT, s3: S3_SCRIPT });
  let stopPostgres: () => void = () => undefined;
  try {
    stopPostgres = startPostgres(project);
    const stopS3 = startS3(project);
    return () => {
      stopS3();
      stopPostgres();
      stateDirs.release();
    };
  } catch (error) {
    // A throwing setup gets no teardown: stop what did start.
    stopPostgres();
    stateDirs.release();
    throw error;
  }
}

/**
 * Real Postgres servers, each a fresh cluster per run (every suite then creates its own
 * database on it, see harness/database-targets.ts):
 * - WITH pgvector: TEST_DATABASE_URL if set, else `scripts/pg-test-server start` (Postgres 17 +
 *   pgvector from a cached Debian trixie rootfs, built on first use). The conformance suite,
 *   pipeline, search and scale-out tests run on it as well as on PGlite.
 * - WITHOUT pgvector: `scripts/pg-test-server start --no-vector` (Debian's own Postgres), where
 *   the appliance must refuse to start.
 * When one cannot be started its tests are skipped with the script's reason, except in CI
 * (CI=true), where a missing Postgres fails the run: CI must never pass on a skip.
 */
function startPostgres(project: TestProject): () => void {
  const stops: (() => void)[] = [];
  const vector = process.env['TEST_DATABASE_URL']
    ? { url: process.env['TEST_DATABASE_URL'] }
    : runPgScript([], 'TEST_DATABASE_URL is unset and', stops);
  const noVector = runPgScript(['--no-vector'], 'no Postgres without pgvector:', stops);
  for (const [name, result] of [['Postgres with pgvector', vector], ['Postgres without pgvector', noVector]] as const) {
    if ('missing' in result && process.env['CI']) {
      for (const stop of stops.reverse()) stop(); // a throwing setup gets no teardown
      throw new Error(`integration tests in CI need ${name}: ${result.missing}`);
    }
  }
  project.provide('postgres', vector);
  project.provide('postgresNoVector', noVector);
  // Test files run in worker processes that inherit this environment (older tests read it).
  if ('url' in vector) process.env['TEST_DATABASE_URL'] = vector.url;
  return () => {
    for (const stop of stops.reverse()) stop();
    delete process.env['TEST_DATABASE_URL'];
  };
}

function runPgScript(args: string[], reasonPrefix: string, stops: (() => void)[]): { url: string } | { missing: string } {
  // The first start ever builds the cached rootfs: minutes, not seconds.
  const result = spawnSync(PG_SCRIPT, ['start', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 });
  process.stderr.write(result.stderr ?? '');
  const url = /^TEST_DATABASE_URL=(.+)$/m.exec(result.stdout ?? '')?.[1];
  if (result.status !== 0 || !url) {
    // The script's last message names what is missing (root, debootstrap, the mirror, a package).
    const why = (result.stderr ?? '').trim().split('\n').filter((l) => l.startsWith('pg-test-server:')).pop()?.replace(/^pg-test-server: /, '');
    return { missing: `${reasonPrefix} scripts/pg-test-server start ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${why ?? 'no message'}`.replace('  ', ' ') };
  }
  stops.push(() => execFileSync(PG_SCRIPT, ['stop', ...args], { stdio: 'inherit', timeout: 60_000 }));
  return { url };
}

function startS3(project: TestProject): () => void {
  if (process.env['S3_ENDPOINT']) {
    const env = Object.fromEntries(
      ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_REGION'].map((k) => [k, process.env[k] ?? '']),
    );
    project.provide('s3', { env });
    return () => undefined;
  }
  if (spawnSync('sh', ['-c', 'command -v radosgw']).status !== 0) {
    project.provide('s3', {
      missing:
        'no S3 server: S3_ENDPOINT is unset and Ceph RGW is not installed (sudo apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common)',
    });
    return () => undefined;
  }
  const output = execFileSync(S3_SCRIPT, ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 });
  const env = Object.fromEntries(
    output
      .split('\n')
      .map((line) => /^(S3_[A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  project.provide('s3', { env });
  return () => {
    execFileSync(S3_SCRIPT, ['stop'], { stdio: 'inherit', timeout: 60_000 });
  };
}
