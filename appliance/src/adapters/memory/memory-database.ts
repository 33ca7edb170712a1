import { systemClock, type Clock } from '../../ports/clock.js';
import type { Database, Repositories } from '../../ports/database.js';
import { MemoryQuotaRepository, MemoryTokenRepository, MemoryUserRepository } from './account-repositories.js';
import { MemoryMediaRepository } from './media-repository.js';
import { emptyTables, type MemoryTables } from './memory-state.js';
import { MemoryOutboxRepository } from './outbox-repository.js';
import { MemoryProcessingStore } from './processing-store.js';

/**
 * The Database port in memory, for service unit tests that must run in milliseconds without
 * PGlite. Rows get their timestamps from `clock`, so a test can make media that are days old.
 * Transactions run one at a time and put every table back when `work` throws.
 */
export class MemoryDatabase implements Database {
  readonly engine = 'memory' as const;
  private tables: MemoryTables = emptyTables();
  private queue: Promise<unknown> = Promise.resolve();
  readonly users;
  readonly tokens;
  readonly media;
  readonly outbox;
  readonly quotas;
  readonly processing: MemoryProcessingStore;

  constructor(readonly clock: Clock = systemClock) {
    const tables = () => this.tables;
    this.users = new MemoryUserRepository(tables, clock);
    this.tokens = new MemoryTokenRepository(tables, clock);
    this.media = new MemoryMediaRepository(tables, clock);
    this.outbox = new MemoryOutboxRepository(tables, clock);
    this.quotas = new MemoryQuotaRepository(tables);
    this.processing = new MemoryProcessingStore(tables, clock);
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const run = async () => {
      const snapshot = structuredClone(this.tables);
      try {
        return await work(this);
      } catch (error) {
        this.tables = snapshot;
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
