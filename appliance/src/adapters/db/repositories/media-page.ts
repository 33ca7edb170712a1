import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { UNKNOWN_DURATION, type MediaFilter, type MediaPageRequest, type SortSpec } from '../../../domain/media-listing.js';
import type { DbSchema } from '../schema.js';

/**
 * The SQL of one library page: the same filter, order and keyset condition as the pure rules in
 * domain/media-listing.ts (the repository conformance suite checks they agree).
 */
export function pageQuery(db: Kysely<DbSchema>, ownerId: string, request: MediaPageRequest) {
  const { sort, after, limit } = request;
  const key = sortExpression(sort);
  const direction = sort.order;
  let query = db
    .selectFrom('media')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('status', '!=', 'DELETED')
    .where((eb) => eb.and(filterConditions(request.filter)));
  if (after) {
    const comparison = sql.raw(direction === 'asc' ? '>' : '<');
    query = query.where(sql<SqlBool>`(${key}, id) ${comparison} (${cursorValue(sort, after.value)}, ${after.id}::uuid)`);
  }
  return query.orderBy(key, direction).orderBy('id', direction).limit(limit);
}

function sortExpression(sort: SortSpec): Expression<unknown> {
  switch (sort.key) {
    case 'created':
      return sql`created_at`;
    case 'title':
      return sql`sort_title COLLATE "C"`;
    case 'duration':
      return sql`coalesce(duration_sec, ${UNKNOWN_DURATION[sort.order]}::double precision)`;
    case 'size':
      return sql`size`;
  }
}

/** `created_at` is compared with a Date; the cursor carries epoch milliseconds. */
function cursorValue(sort: SortSpec, value: string | number): unknown {
  return sort.key === 'created' ? new Date(value) : value;
}

/** LIKE treats % and _ as wildcards: a search for "50%" means those characters. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterConditions(filter: MediaFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.statuses) conditions.push(sql<SqlBool>`status IN (${sql.join(filter.statuses)})`);
  if (filter.kind) {
    // The kind validation found, else the declared type's family (kindOf in the domain).
    conditions.push(sql<SqlBool>`coalesce(kind, CASE WHEN filetype LIKE 'audio/%' THEN 'audio' WHEN filetype LIKE 'video/%' THEN 'video' END) = ${filter.kind}`);
  }
  if (filter.language) conditions.push(sql<SqlBool>`lower(language) = ${filter.language.toLowerCase()}`);
  if (filter.from) conditions.push(sql<SqlBool>`created_at >= ${filter.from}`);
  if (filter.to) conditions.push(sql<SqlBool>`created_at < ${filter.to}`);
  if (filter.sha256) conditions.push(sql<SqlBool>`sha256 = ${filter.sha256}`);
  if (filter.text) {
    const pattern = likePattern(filter.text.toLowerCase());
    conditions.push(sql<SqlBool>`(lower(filename) LIKE ${pattern} ESCAPE '\\' OR lower(coalesce(title, '')) LIKE ${pattern} ESCAPE '\\')`);
  }
  return conditions;
}
