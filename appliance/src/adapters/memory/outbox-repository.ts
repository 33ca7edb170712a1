import type { Clock } from '../../ports/clock.js';
import type { OutboxMessage, OutboxRepository } from '../../ports/database.js';
import { copy, type MemoryTables } from './memory-state.js';

/** The outbox over a map: ids grow in insertion order, as the SQL sequence does. */
export class MemoryOutboxRepository implements OutboxRepository {
  constructor(
    private readonly tables: () => MemoryTables,
    private readonly clock: Clock,
  ) {}

  async add(topic: string, mediaId: string, payload: unknown): Promise<void> {
    const tables = this.tables();
    const id = tables.nextOutboxId++;
    // Payloads are stored as JSON, as jsonb would: what comes back is a parsed copy.
    const stored: unknown = JSON.parse(JSON.stringify(payload));
    tables.outbox.set(id, { id, topic, mediaId, payload: stored, attempts: 0, createdAt: this.clock.now(), publishedAt: null, lastError: null });
  }

  async pending(limit: number): Promise<OutboxMessage[]> {
    return [...this.tables().outbox.values()]
      .filter((row) => row.publishedAt === null)
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map(({ id, topic, mediaId, payload, attempts, createdAt }) => copy({ id, topic, mediaId, payload, attempts, createdAt }));
  }

  async markPublished(id: number): Promise<void> {
    const row = this.tables().outbox.get(id);
    if (!row) return;
    row.publishedAt = this.clock.now();
    row.lastError = null;
  }

  async markFailed(id: number, error: string): Promise<void> {
    const row = this.tables().outbox.get(id);
    if (!row) return;
    row.attempts += 1;
    row.lastError = error.slice(0, 2000);
  }
}
