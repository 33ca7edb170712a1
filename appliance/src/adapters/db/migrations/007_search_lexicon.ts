import { sql, type Kysely } from 'kysely';
import { deletionKeys, lexiconContribution, termInitials } from '../../../domain/search-lexicon.js';
import { fullTextDocument } from '../../../domain/text-tokens.js';
import type { SchemaMigration } from './migration.js';

/**
 * Search beyond exact transcript words: searchable titles and filenames of indexed media, and a
 * per-owner lexicon (distinct words with their 초성 form, media counts and typo deletion keys)
 * that expands queries and answers suggestions. pg_trgm was measured and not used: it finds no
 * trigrams in Hangul when the database's ctype is C (the Debian Postgres here), so Korean
 * matching relies on our own bigram terms and this lexicon, the same on every locale.
 * Runs after 003 (it reads search_chunks to fill the lexicon of media indexed before it).
 */
export const searchLexicon: SchemaMigration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE search_names (
      media_id    uuid PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
      owner_id    uuid NOT NULL,
      title       text,
      filename    text NOT NULL,
      -- Terms of title and filename (domain/text-tokens), like search_chunks.search_text.
      search_text text NOT NULL,
      tsv         tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED
    )`.execute(db);
    await sql`CREATE INDEX search_names_tsv_idx ON search_names USING gin (tsv)`.execute(db);
    await sql`CREATE INDEX search_names_owner_idx ON search_names(owner_id)`.execute(db);

    await sql`CREATE TABLE search_lexicon (
      owner_id     uuid NOT NULL,
      term         text NOT NULL,
      -- 초성 form (conjoining lead consonants) of Hangul terms, else NULL.
      initials     text,
      media_count  integer NOT NULL,
      -- Of those, media where it is a whole word (not only a Korean prefix-stem).
      word_count   integer NOT NULL DEFAULT 0,
      PRIMARY KEY (owner_id, term)
    )`.execute(db);
    // text_pattern_ops: LIKE 'prefix%' uses the index whatever the database collation.
    await sql`CREATE INDEX search_lexicon_prefix_idx ON search_lexicon(owner_id, term text_pattern_ops)`.execute(db);
    await sql`CREATE INDEX search_lexicon_initials_idx ON search_lexicon(owner_id, initials text_pattern_ops) WHERE initials IS NOT NULL`.execute(db);

    await sql`CREATE TABLE search_lexicon_keys (
      owner_id  uuid NOT NULL,
      key       text NOT NULL,
      term      text NOT NULL,
      PRIMARY KEY (owner_id, key, term)
    )`.execute(db);
    await sql`CREATE INDEX search_lexicon_keys_term_idx ON search_lexicon_keys(owner_id, term)`.execute(db);

    await backfill(db);
  },
};

interface IndexedMedia {
  id: string;
  owner_id: string;
  title: string | null;
  filename: string;
}

/** Names and lexicon of the media indexed before this migration, one media at a time. */
async function backfill(db: Kysely<unknown>): Promise<void> {
  const media = await sql<IndexedMedia>`SELECT id, owner_id, title, filename FROM media
    WHERE status <> 'DELETED' AND (status = 'READY' OR id IN (SELECT DISTINCT media_id FROM search_chunks))`.execute(db);
  const counts = new Map<string, Map<string, { media: number; words: number }>>();
  for (const m of media.rows) {
    const chunks = await sql<{ text: string }>`SELECT text FROM search_chunks WHERE media_id = ${m.id}`.execute(db);
    await sql`INSERT INTO search_names (media_id, owner_id, title, filename, search_text)
      VALUES (${m.id}, ${m.owner_id}, ${m.title}, ${m.filename}, ${fullTextDocument(`${m.title ?? ''} ${m.filename}`)})`.execute(db);
    let owner = counts.get(m.owner_id);
    if (!owner) counts.set(m.owner_id, (owner = new Map()));
    const { terms, words } = lexiconContribution([...chunks.rows.map((c) => c.text), m.title ?? '', m.filename]);
    for (const term of terms) {
      const count = owner.get(term) ?? { media: 0, words: 0 };
      owner.set(term, { media: count.media + 1, words: count.words + Number(words.has(term)) });
    }
  }
  for (const [ownerId, terms] of counts) {
    for (const [term, count] of terms) {
      await sql`INSERT INTO search_lexicon (owner_id, term, initials, media_count, word_count)
        VALUES (${ownerId}, ${term}, ${termInitials(term)}, ${count.media}, ${count.words})`.execute(db);
      for (const key of deletionKeys(term)) {
        await sql`INSERT INTO search_lexicon_keys (owner_id, key, term) VALUES (${ownerId}, ${key}, ${term}) ON CONFLICT DO NOTHING`.execute(db);
      }
    }
  }
}
