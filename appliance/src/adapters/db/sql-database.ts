import { sql, type Kysely } from 'kysely';
import type { Database, DatabaseEngine, Repositories } from '../../ports/database.js';
import { SqlMediaRepository } from './repositories/media.js';
import { SqlProcessingStore } from './repositories/processing.js';
import { SqlOutboxRepository } from './repositories/outbox.js';
import { SqlTokenRepository } from './repositories/tokens.js';
import { SqlUserRepository } from './repositories/users.js';
import { SqlQuotaRepository } from './repositories/quotas.js';
import { PlannerStatistics } from './planner-statistics.js';
import type { DbSchema } from './schema.js';

function repositoriesOf(db: Kysely<DbSchema>): Repositories {
  return {
    users: new SqlUserRepository(db),
    tokens: new SqlTokenRepository(db),
    media: new SqlMediaRepository(db),
    outbox: new SqlOutboxRepository(db),
    quotas: new SqlQuotaRepository(db),
  };
}

/**
 * The data-access layer: the same Kysely repositories over either engine. Only the connection
 * (dialect) differs between Postgres and PGlite, so one conformance suite covers both.
 */
export class SqlDatabase implements Database {
  readonly users;
  readonly tokens;
  readonly media;
  readonly outbox;
  readonly quotas;
  readonly processing: SqlProcessingStore;
  /** ANALYZE upkeep of the search tables where no autovacuum runs (PGlite). */
  readonly plannerStatistics: PlannerStatistics;
  /** Extensions some migrations wait for (e.g. vector on a Postgres without pgvector). */
  missingExtensions: string[] = [];

  constructor(
    readonly engine: DatabaseEngine,
    readonly kysely: Kysely<DbSchema>,
  ) {
    const repos = repositoriesOf(kysely);
    this.users = repos.users;
    this.tokens = repos.tokens;
    this.media = repos.media;
    this.outbox = repos.outbox;
    this.quotas = repos.quotas;
    this.plannerStatistics = new PlannerStatistics(kysely, engine === 'pglite');
    this.processing = new SqlProcessingStore(kysely, (work) => kysely.transaction().execute(work), this.plannerStatistics);
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute((trx) => work(repositoriesOf(trx)));
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}
