import type { Kysely } from 'kysely';
import type { OutboxMessage, OutboxRepository } from '../../../ports/database.js';
import type { DbSchema } from '../schema.js';

export class SqlOutboxRepository implements OutboxRepository {
  constructor(private readonly db: Kysely<DbSchema>) {}

  async add(topic: string, mediaId: string, payload: unknown): Promise<void> {
    await this.db
      .insertInto('outbox')
      .values({ topic, media_id: mediaId, payload: JSON.stringify(payload) })
      .execute();
  }

  async pending(limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('published_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      topic: row.topic,
      mediaId: row.media_id,
      // Both drivers already parse jsonb; parsing again broke payloads that are JSON strings.
      payload: row.payload,
      attempts: row.attempts,
      createdAt: row.created_at,
    }));
  }

  async markPublished(id: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ published_at: new Date(), last_error: null })
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 2000) }))
      .where('id', '=', id)
      .execute();
  }
}
