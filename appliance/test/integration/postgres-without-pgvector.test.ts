import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { killEmbeddedRedis, runEntry, tempDir } from '@biblio/test-support';
import { postgresTarget, redactUrl, type Target } from './harness/database-targets.js';

/**
 * A Postgres without pgvector (Debian bookworm's own, from `scripts/pg-test-server start
 * --no-vector`): the migrations that need the extension are held back, and the appliance refuses
 * to start, naming DATABASE_URL and what to install, instead of running without search.
 */
const server = inject('postgresNoVector');
const skip = 'missing' in server ? server.missing : undefined;

describe.skipIf(skip !== undefined)(
  'url' in server ? `a Postgres without pgvector (${redactUrl(server.url)})` : `a Postgres without pgvector: SKIPPED, ${skip}`,
  () => {
    let target: Target;
    const dirs: string[] = [];

    beforeAll(async () => {
      if ('url' in server) target = await postgresTarget(server.url);
    });

    afterAll(async () => {
      await target?.dispose();
      for (const dir of dirs) {
        await killEmbeddedRedis(dir);
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('holds back the search migration and reports the missing extension', async () => {
      const db = await target.open();
      try {
        expect(db.missingExtensions).toEqual(['vector']);
        const versions = (await db.kysely.selectFrom('kysely_migration').select('name').orderBy('name').execute()).map((r) => r.name);
        // 003 (search, needs pgvector) and what depends on it wait; migrations marked
        // `independent` (004: the media generation, 006: the library, 008: transcript versions) still apply.
        expect(versions).toEqual(['001_init', '002_pipeline', '004_generation', '006_library', '008_transcript_versions']);
      } finally {
        await db.close();
      }
    });

    it('makes the appliance refuse to start, naming DATABASE_URL and pgvector', async () => {
      const dataDir = await tempDir();
      dirs.push(dataDir);
      const { code, stderr } = await runEntry('appliance/src/main/appliance.ts', [], {
        ...process.env,
        BIBLIO_PORT: '0',
        BIBLIO_DATA_DIR: dataDir,
        DATABASE_URL: target.url!,
      });
      expect(code, stderr).not.toBe(0);
      expect(stderr).toContain('DATABASE_URL');
      expect(stderr).toContain('lacks the vector extension');
      expect(stderr).toContain('pgvector');
    });
  },
);
