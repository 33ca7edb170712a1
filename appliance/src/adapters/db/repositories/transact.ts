import type { Kysely } from 'kysely';
import type { DbSchema } from '../schema.js';

/** Runs work in one database transaction; the repositories' multi-statement writes use it. */
export type Transact = <T>(work: (db: Kysely<DbSchema>) => Promise<T>) => Promise<T>;

/** jsonb comes back parsed from pg and as text from some drivers. */
export const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
