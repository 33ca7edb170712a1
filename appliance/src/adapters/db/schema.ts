import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables created by migrations/*.sql. Keep the two in step. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: string;
  name: string;
  is_admin: boolean;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface MediaTable {
  id: string;
  owner_id: string;
  status: string;
  filename: string;
  filetype: string;
  title: string | null;
  language: string | null;
  size: number;
  uploaded_bytes: ColumnType<number, number | undefined, number>;
  object_key: string;
  duration_sec: number | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  uploaded_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
}

export interface MediaStagesTable {
  media_id: string;
  stage: string;
  status: string;
  progress: ColumnType<number, number | undefined, number>;
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  media_id: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  published_at: NullableTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
}

export interface SchemaMigrationsTable {
  version: string;
  applied_at: Timestamp;
}

export interface DbSchema {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  media: MediaTable;
  media_stages: MediaStagesTable;
  outbox: OutboxTable;
  schema_migrations: SchemaMigrationsTable;
}
