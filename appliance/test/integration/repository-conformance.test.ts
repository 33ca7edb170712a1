import { describeRepositoryConformance } from '../support/repository-conformance.js';
import { pgliteTarget, postgresMissing, postgresTarget, postgresUrl, redactUrl, type Target } from './harness/database-targets.js';

/**
 * The port-level repository suite (also run on the memory adapter in the unit project) on the
 * SQL engines. db-conformance.test.ts keeps the SQL-specific checks (migrations, bigint, jsonb).
 */
async function openTarget(create: () => Promise<Target>) {
  const target = await create();
  const db = await target.open();
  return {
    db,
    processing: db.processing,
    async dispose() {
      await db.close();
      await target.dispose();
    },
  };
}

describeRepositoryConformance('pglite', () => openTarget(pgliteTarget));

const adminUrl = postgresUrl();
describeRepositoryConformance(
  adminUrl ? `postgres (${redactUrl(adminUrl)})` : 'postgres: SKIPPED',
  () => openTarget(() => postgresTarget(adminUrl!)),
  postgresMissing(),
);
