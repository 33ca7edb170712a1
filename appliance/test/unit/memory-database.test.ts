import { MemoryDatabase } from '../../src/adapters/memory/memory-database.js';
import { describeRepositoryConformance } from '../support/repository-conformance.js';

// The same suite runs on PGlite and Postgres in test/integration/repository-conformance.test.ts.
describeRepositoryConformance('memory', async () => {
  const db = new MemoryDatabase();
  return { db, processing: db.processing, dispose: () => db.close() };
});
