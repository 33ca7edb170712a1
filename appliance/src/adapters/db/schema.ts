import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables created by migrations/*.ts. Keep the two in step. */
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
  kind: string | null;
  facts: ColumnType<unknown, string | null | undefined, string | null>;
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
  /** Bound into playback signatures; moved on by a delete (migration 004). */
  generation: ColumnType<number, number | undefined, number>;
  /** Library title sort key (migration 006). */
  sort_title: string;
  sha256: ColumnType<string | null, string | null | undefined, string | null>;
  /** stt | imported | edited, null before any transcript (migration 008). */
  transcript_source: ColumnType<string | null, string | null | undefined, string | null>;
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

export interface MediaAssetsTable {
  media_id: string;
  kind: string;
  object_key: string;
  content_type: string;
  created_at: Timestamp;
}

export interface TranscriptSegmentsTable {
  media_id: string;
  window_idx: number;
  seq: number;
  start_sec: number;
  end_sec: number;
  text: string;
  words: ColumnType<unknown, string | null, string | null>;
  /** 008: a speaker id of transcript_speakers. */
  speaker: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 008: the names of a media's speakers. */
export interface TranscriptSpeakersTable {
  media_id: string;
  speaker_id: string;
  name: string;
}

/** 008: every version of a media's transcript, whole. */
export interface TranscriptVersionsTable {
  media_id: string;
  version: number;
  source: string;
  text_source: string;
  author_id: string | null;
  note: string | null;
  segments: ColumnType<unknown, string, string>;
  speakers: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export interface TranscriptWindowsTable {
  media_id: string;
  window_idx: number;
  engine: string;
  done_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SearchChunksTable {
  media_id: string;
  owner_id: string;
  seq: number;
  start_sec: number;
  end_sec: number;
  text: string;
  search_text: string;
  segments: ColumnType<unknown, string, string>;
  /** Null for a lexical-only engine; see migration 010. */
  embedding: string | null;
  /** The engine that made `embedding`; null with no vector, or for vectors older than 010. */
  embedding_engine: string | null;
  tsv: ColumnType<string, never, never>;
}

/** 007: the title and filename of an indexed media as search saw them (see search-names). */
export interface SearchNamesTable {
  media_id: string;
  owner_id: string;
  title: string | null;
  filename: string;
  search_text: string;
  tsv: ColumnType<string, never, never>;
}

/** 007: distinct words per owner, with their 초성 form and how many media hold them. */
export interface SearchLexiconTable {
  owner_id: string;
  term: string;
  initials: string | null;
  media_count: number;
  word_count: number;
}

/** 007: deletion keys of lexicon terms, for one-edit typo lookups. */
export interface SearchLexiconKeysTable {
  owner_id: string;
  key: string;
  term: string;
}

export interface UserQuotasTable {
  user_id: string;
  max_stored_bytes: ColumnType<string | number | null, number | null | undefined, number | null>;
  max_pending_bytes: ColumnType<string | number | null, number | null | undefined, number | null>;
  max_pending_uploads: number | null;
  updated_at: Timestamp;
}

/** Kysely's Migrator's own bookkeeping (it creates the table): which migrations ran, and when. */
export interface KyselyMigrationTable {
  name: string;
  /** An ISO 8601 time, as text. */
  timestamp: string;
}

export interface DbSchema {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  media: MediaTable;
  media_stages: MediaStagesTable;
  outbox: OutboxTable;
  media_assets: MediaAssetsTable;
  transcript_segments: TranscriptSegmentsTable;
  transcript_windows: TranscriptWindowsTable;
  transcript_speakers: TranscriptSpeakersTable;
  transcript_versions: TranscriptVersionsTable;
  settings: SettingsTable;
  search_chunks: SearchChunksTable;
  search_names: SearchNamesTable;
  search_lexicon: SearchLexiconTable;
  search_lexicon_keys: SearchLexiconKeysTable;
  kysely_migration: KyselyMigrationTable;
  user_quotas: UserQuotasTable;
}
