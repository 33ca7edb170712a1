import { describe, expect, it } from 'vitest';
import { planMigrations, requiredExtensions } from '../../src/adapters/db/migration-plan.js';
import type { SchemaMigration } from '../../src/adapters/db/migrations/migration.js';
import { MIGRATIONS } from '../../src/adapters/db/migrations/index.js';

const up = async () => undefined;
const set: Record<string, SchemaMigration> = {
  '003_search': { up, requiresExtension: 'vector' },
  '001_init': { up },
  '004_generation': { up, independent: true },
  '002_pipeline': { up },
  '005_quotas': { up },
};

describe('planMigrations', () => {
  it('runs everything, in name order, when every extension is there', () => {
    const plan = planMigrations(set, () => true);
    expect(Object.keys(plan.runnable)).toEqual(['001_init', '002_pipeline', '003_search', '004_generation', '005_quotas']);
    expect(plan.pending).toEqual([]);
  });

  it('holds back a migration whose extension is missing and what follows it, except independent ones', () => {
    const plan = planMigrations(set, (name) => name !== 'vector');
    expect(Object.keys(plan.runnable)).toEqual(['001_init', '002_pipeline', '004_generation']);
    expect(plan.pending).toEqual([{ version: '003_search', extension: 'vector' }]);
  });

  it("knows the real migrations' extensions: search waits for pgvector, the generation does not", () => {
    expect(requiredExtensions(MIGRATIONS)).toEqual(['vector']);
    expect(Object.keys(planMigrations(MIGRATIONS, () => false).runnable)).toEqual(['001_init', '002_pipeline', '004_generation', '006_library', '008_transcript_versions']);
  });
});
