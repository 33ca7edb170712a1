import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const S3_SCRIPT = path.join(ROOT, 'scripts/s3-test-server');

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
