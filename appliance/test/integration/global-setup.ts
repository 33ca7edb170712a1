import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const S3_SCRIPT = path.join(ROOT, 'scripts/s3-test-server');
const PG_SCRIPT = path.join(ROOT, 'scripts/pg-test-server');

declare module 'vitest' {
  export interface ProvidedContext {
    /** S3_* variables of the real S3 test server, or the reason there is none. */
    s3: { env: Record<string, string> } | { missing: string };
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
 * installed, and is skipped (saying why) when neither is available.
 */
export default function setup(project: TestProject): () => void {
  requireTool('redis-server', 'sudo apt-get install -y redis-server');
  requireTool('ffmpeg', 'sudo apt-get install -y ffmpeg');
  const stopPostgres = startPostgres();
  const stopS3 = startS3(project);
  return () => {
    stopS3();
    stopPostgres();
  };
}

/**
 * The database conformance suite also runs on a real Postgres: TEST_DATABASE_URL if set, else a
 * throwaway Debian PostgreSQL when one is installed (skipped with the reason otherwise).
 */
function startPostgres(): () => void {
  if (process.env['TEST_DATABASE_URL']) return () => undefined;
  if (spawnSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/initdb']).status !== 0) return () => undefined;
  const output = execFileSync(PG_SCRIPT, ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 });
  const url = /^TEST_DATABASE_URL=(.+)$/m.exec(output)?.[1];
  if (!url) throw new Error(`scripts/pg-test-server start printed no TEST_DATABASE_URL:\n${output}`);
  // Test files run in worker processes that inherit this environment.
  process.env['TEST_DATABASE_URL'] = url;
  return () => {
    execFileSync(PG_SCRIPT, ['stop'], { stdio: 'inherit', timeout: 60_000 });
    delete process.env['TEST_DATABASE_URL'];
  };
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
