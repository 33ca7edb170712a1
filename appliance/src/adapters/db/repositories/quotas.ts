import { sql, type Kysely } from 'kysely';
import type { QuotaOverride, QuotaUsage } from '../../../domain/quota.js';
import type { QuotaOverrides, QuotaRepository } from '../../../ports/database.js';
import type { DbSchema } from '../schema.js';

/** Statuses whose upload bytes are still kept (the sweeper removes the others' bytes). */
const STORED = ['UPLOADED', 'PROCESSING', 'READY', 'FAILED', 'REJECTED'];

/** -1 in the table means unlimited, NULL the default. */
const fromColumn = (value: string | number | null): QuotaOverride => (value === null ? null : Number(value) === -1 ? 'unlimited' : Number(value));
const toColumn = (value: QuotaOverride): number | null => (value === 'unlimited' ? -1 : value ?? null);

export class SqlQuotaRepository implements QuotaRepository {
  constructor(private readonly db: Kysely<DbSchema>) {}

  async lockOwner(userId: string): Promise<void> {
    await sql`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`.execute(this.db);
  }

  async usage(userId: string): Promise<QuotaUsage> {
    const result = await sql<{ pending_bytes: string | number; pending_uploads: string | number; stored_bytes: string | number }>`
      SELECT
        coalesce(sum(size) FILTER (WHERE status = 'UPLOADING'), 0) AS pending_bytes,
        count(*) FILTER (WHERE status = 'UPLOADING') AS pending_uploads,
        coalesce(sum(size) FILTER (WHERE status IN (${sql.join(STORED)})), 0) AS stored_bytes
      FROM media WHERE owner_id = ${userId}`.execute(this.db);
    const row = result.rows[0];
    return {
      pendingBytes: Number(row?.pending_bytes ?? 0),
      pendingUploads: Number(row?.pending_uploads ?? 0),
      storedBytes: Number(row?.stored_bytes ?? 0),
    };
  }

  async overrides(userId: string): Promise<QuotaOverrides> {
    const row = await this.db.selectFrom('user_quotas').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return {
      storedBytes: fromColumn(row?.max_stored_bytes ?? null),
      pendingBytes: fromColumn(row?.max_pending_bytes ?? null),
      pendingUploads: fromColumn(row?.max_pending_uploads ?? null),
    };
  }

  async setOverrides(userId: string, overrides: Partial<QuotaOverrides>): Promise<void> {
    const set = {
      ...(overrides.storedBytes !== undefined ? { max_stored_bytes: toColumn(overrides.storedBytes) } : {}),
      ...(overrides.pendingBytes !== undefined ? { max_pending_bytes: toColumn(overrides.pendingBytes) } : {}),
      ...(overrides.pendingUploads !== undefined ? { max_pending_uploads: toColumn(overrides.pendingUploads) } : {}),
    };
    await this.db
      .insertInto('user_quotas')
      .values({ user_id: userId, ...set })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...set, updated_at: new Date() }))
      .execute();
  }
}
