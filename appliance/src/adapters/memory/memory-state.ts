import type { MediaRecord, StageRecord, User } from '../../domain/media.js';
import type { OutboxMessage, QuotaOverrides } from '../../ports/database.js';

export interface OutboxRow extends OutboxMessage {
  publishedAt: Date | null;
  lastError: string | null;
}

export interface TokenRow {
  userId: string;
  revokedAt: Date | null;
}

/**
 * Every table of the in-memory database as plain maps. Kept in one object so a transaction can
 * snapshot it and put it back on a throw (the rollback the SQL engines give for free).
 */
export interface MemoryTables {
  users: Map<string, User>;
  tokens: Map<string, TokenRow>;
  media: Map<string, MediaRecord>;
  /** Keyed by `${mediaId}/${stage}`. */
  stages: Map<string, StageRecord>;
  outbox: Map<number, OutboxRow>;
  quotas: Map<string, QuotaOverrides>;
  nextOutboxId: number;
}

export function emptyTables(): MemoryTables {
  return { users: new Map(), tokens: new Map(), media: new Map(), stages: new Map(), outbox: new Map(), quotas: new Map(), nextOutboxId: 1 };
}

/** Rows are handed out as copies, as a database would: a caller mutating one changes nothing stored. */
export function copy<T>(row: T): T {
  return structuredClone(row);
}
