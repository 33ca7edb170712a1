import type { SchemaMigration } from './migrations/migration.js';

export interface MigrationPlan {
  /** What Kysely's Migrator may run now (it skips those already recorded). */
  runnable: Record<string, SchemaMigration>;
  /** Held back because the server lacks an extension they need. */
  pending: { version: string; extension: string }[];
}

/**
 * Which migrations may run on this server. One that needs a missing extension waits (Postgres
 * without pgvector: the caller decides whether running without search is acceptable), and so
 * does every later one, except those marked `independent`; they all run on a later start once
 * the extension exists.
 */
export function planMigrations(all: Readonly<Record<string, SchemaMigration>>, hasExtension: (name: string) => boolean): MigrationPlan {
  const runnable: Record<string, SchemaMigration> = {};
  const pending: MigrationPlan['pending'] = [];
  let heldBack = false;
  for (const version of Object.keys(all).sort()) {
    const migration = all[version]!;
    if (heldBack && !migration.independent) continue;
    const extension = migration.requiresExtension;
    if (extension !== undefined && !hasExtension(extension)) {
      pending.push({ version, extension });
      heldBack = true;
      continue;
    }
    runnable[version] = migration;
  }
  return { runnable, pending };
}

/** Every extension some migration needs. */
export function requiredExtensions(all: Readonly<Record<string, SchemaMigration>>): string[] {
  return [...new Set(Object.values(all).flatMap((m) => (m.requiresExtension === undefined ? [] : [m.requiresExtension])))];
}
