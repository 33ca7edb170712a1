import { sql, type Kysely } from 'kysely';
import { deletionKeys, termInitials, type LexiconContribution } from '../../../domain/search-lexicon.js';
import type { LexiconEntry, LexiconLookup } from '../../../ports/search-index.js';
import type { DbSchema } from '../schema.js';

const BATCH = 500;

/**
 * Moves the owner's lexicon from the terms a media had (`before`) to the terms it has now
 * (`after`): +1 media for each new term, -1 for each lost one, entries at 0 removed with their
 * deletion keys. One upsert per batch, all terms in one sorted order, so two index jobs of the
 * same owner lock rows in the same order and cannot deadlock.
 */
export async function applyLexiconDelta(db: Kysely<DbSchema>, ownerId: string, before: LexiconContribution, after: LexiconContribution): Promise<void> {
  const changes: { term: string; delta: number; wordDelta: number }[] = [];
  for (const term of new Set([...before.terms, ...after.terms])) {
    const delta = Number(after.terms.has(term)) - Number(before.terms.has(term));
    const wordDelta = Number(after.words.has(term)) - Number(before.words.has(term));
    if (delta !== 0 || wordDelta !== 0) changes.push({ term, delta, wordDelta });
  }
  if (changes.length === 0) return;
  // Code-unit order, the same in every process (not a locale's).
  changes.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const created: string[] = [];
  for (let i = 0; i < changes.length; i += BATCH) {
    const rows = await db
      .insertInto('search_lexicon')
      .values(changes.slice(i, i + BATCH).map(({ term, delta, wordDelta }) => ({ owner_id: ownerId, term, initials: termInitials(term), media_count: delta, word_count: wordDelta })))
      .onConflict((oc) =>
        oc.columns(['owner_id', 'term']).doUpdateSet({
          media_count: sql<number>`search_lexicon.media_count + excluded.media_count`,
          word_count: sql<number>`search_lexicon.word_count + excluded.word_count`,
        }),
      )
      .returning(['term', 'media_count'])
      .execute();
    // A row at 1 is new (or was at 0): its deletion keys may be missing (inserting them again is harmless).
    for (const row of rows) if (Number(row.media_count) === 1) created.push(row.term);
  }
  const keys = created.flatMap((term) => deletionKeys(term).map((key) => ({ owner_id: ownerId, key, term })));
  for (let i = 0; i < keys.length; i += BATCH) {
    await db.insertInto('search_lexicon_keys').values(keys.slice(i, i + BATCH)).onConflict((oc) => oc.doNothing()).execute();
  }
  const lost = changes.filter((c) => c.delta < 0).map((c) => c.term);
  for (let i = 0; i < lost.length; i += BATCH) {
    const gone = await db
      .deleteFrom('search_lexicon')
      .where('owner_id', '=', ownerId)
      .where('term', 'in', lost.slice(i, i + BATCH))
      .where('media_count', '<=', 0)
      .returning('term')
      .execute();
    if (gone.length > 0) {
      await db.deleteFrom('search_lexicon_keys').where('owner_id', '=', ownerId).where('term', 'in', gone.map((g) => g.term)).execute();
    }
  }
}

/** LIKE pattern for "starts with": the prefix's own wildcards escaped. */
const startsWith = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function lookupLexicon(db: Kysely<DbSchema>, ownerId: string, lookup: LexiconLookup, limit: number): Promise<LexiconEntry[]> {
  let query = db.selectFrom('search_lexicon').select(['term', 'media_count', 'word_count']).where('owner_id', '=', ownerId).where('media_count', '>', 0);
  switch (lookup.kind) {
    case 'exact':
      if (lookup.terms.length === 0) return [];
      query = query.where('term', 'in', lookup.terms);
      break;
    case 'initials':
      query = query
        .where(sql<boolean>`initials LIKE ${startsWith(lookup.prefix)}`)
        .orderBy(sql`initials = ${lookup.prefix}`, 'desc');
      break;
    case 'prefix':
      query = query.where(sql<boolean>`term LIKE ${startsWith(lookup.prefix)}`).where('term', '!=', lookup.prefix);
      break;
    case 'keys':
      if (lookup.keys.length === 0) return [];
      query = query.where('term', 'in', (qb) =>
        qb.selectFrom('search_lexicon_keys').select('term').where('owner_id', '=', ownerId).where('key', 'in', lookup.keys),
      );
      break;
  }
  const rows = await query.orderBy(sql`word_count > 0`, 'desc').orderBy('media_count', 'desc').orderBy(sql`length(term)`).orderBy('term').limit(limit).execute();
  return rows.map((r) => ({ term: r.term, mediaCount: Number(r.media_count), wordCount: Number(r.word_count) }));
}
