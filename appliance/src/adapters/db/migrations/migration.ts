import type { Kysely, Migration } from 'kysely';

/**
 * One schema change, in the shape Kysely's Migrator runs, plus what Biblio needs to know to hold
 * it back. Forward-only: a release never drops what an older one wrote, so there is no `down`.
 */
export interface SchemaMigration extends Migration {
  up(db: Kysely<unknown>): Promise<void>;
  /** A Postgres extension the migration needs; without it the migration waits (see ../migration-plan.ts). */
  requiresExtension?: string;
  /**
   * Needs nothing that a migration held back for a missing extension would create, so it still
   * runs while that one waits (Postgres without pgvector still gets the rest of the schema).
   */
  independent?: boolean;
}
