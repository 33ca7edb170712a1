import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@biblio/test-support';

const run = promisify(execFile);

/** A real server a suite needs, or the reason there is none (the suite then reports null figures). */
export type Server<T> = { ok: true; value: T } | { ok: false; missing: string };

/**
 * The project's own test servers (scripts/s3-test-server: Ceph RGW; scripts/pg-test-server:
 * Postgres 17 + pgvector), started on first use and stopped when the run ends. S3_ENDPOINT /
 * TEST_DATABASE_URL in the environment are used instead when set. State folders default to
 * bench-specific ones so a benchmark never touches the test suite's servers.
 */
export class TestServers {
  private s3: Promise<Server<Record<string, string>>> | undefined;
  private postgres: Promise<Server<string>> | undefined;
  private readonly stops: (() => Promise<void>)[] = [];

  s3Env(): Promise<Server<Record<string, string>>> {
    return (this.s3 ??= this.startS3());
  }

  /** Admin URL of a Postgres with pgvector. */
  postgresUrl(): Promise<Server<string>> {
    return (this.postgres ??= this.startPostgres());
  }

  async stopAll(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch(() => undefined);
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      BIBLIO_S3_TEST_DIR: process.env['BIBLIO_S3_TEST_DIR'] ?? '/tmp/biblio-bench-s3',
      // Room for the 1 GiB uploads (the test server's 2 GiB default fills, and a full Ceph OSD
      // blocks writes instead of failing them: that was the "S3 store stall" of earlier runs).
      BIBLIO_S3_TEST_GIB: process.env['BIBLIO_S3_TEST_GIB'] ?? '6',
      BIBLIO_PG_TEST_DIR: process.env['BIBLIO_PG_TEST_DIR'] ?? '/tmp/biblio-bench-pg',
    };
  }

  private async startS3(): Promise<Server<Record<string, string>>> {
    if (process.env['S3_ENDPOINT']) {
      const keys = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_REGION'];
      return { ok: true, value: Object.fromEntries(keys.map((k) => [k, process.env[k] ?? ''])) };
    }
    const script = path.join(REPO_ROOT, 'scripts/s3-test-server');
    try {
      const { stdout } = await run(script, ['start'], { env: this.env(), timeout: 180_000 });
      this.stops.push(async () => void (await run(script, ['stop'], { env: this.env(), timeout: 60_000 })));
      const vars = Object.fromEntries([...stdout.matchAll(/^(S3_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
      return { ok: true, value: vars };
    } catch (error) {
      return { ok: false, missing: `scripts/s3-test-server start failed: ${lastLine(error)}` };
    }
  }

  private async startPostgres(): Promise<Server<string>> {
    if (process.env['TEST_DATABASE_URL']) return { ok: true, value: process.env['TEST_DATABASE_URL'] };
    const script = path.join(REPO_ROOT, 'scripts/pg-test-server');
    try {
      const { stdout } = await run(script, ['start'], { env: this.env(), timeout: 15 * 60_000 });
      this.stops.push(async () => void (await run(script, ['stop'], { env: this.env(), timeout: 60_000 })));
      const url = /^TEST_DATABASE_URL=(.+)$/m.exec(stdout)?.[1];
      return url ? { ok: true, value: url } : { ok: false, missing: 'scripts/pg-test-server printed no URL' };
    } catch (error) {
      return { ok: false, missing: `scripts/pg-test-server start failed: ${lastLine(error)}` };
    }
  }
}

function lastLine(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr ?? '';
  return stderr.trim().split('\n').pop() || (error instanceof Error ? error.message : String(error));
}
