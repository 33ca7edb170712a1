import { init } from './001_init.js';
import { pipeline } from './002_pipeline.js';
import { search } from './003_search.js';
import { generation } from './004_generation.js';
import { quotas } from './005_quotas.js';
import { library } from './006_library.js';
import { searchLexicon } from './007_search_lexicon.js';
import { transcriptVersions } from './008_transcript_versions.js';
import { searchTermPairs } from './009_search_term_pairs.js';
import { embeddingEngine } from './010_embedding_engine.js';
import type { SchemaMigration } from './migration.js';

/**
 * Every migration, by name; Kysely runs them in name order. A new file NNN_name.ts goes here
 * too (the conformance suite checks that every file in this folder is listed). Names must never
 * change: databases record them.
 */
export const MIGRATIONS: Readonly<Record<string, SchemaMigration>> = {
  '001_init': init,
  '002_pipeline': pipeline,
  '003_search': search,
  '004_generation': generation,
  '005_quotas': quotas,
  '006_library': library,
  '007_search_lexicon': searchLexicon,
  '008_transcript_versions': transcriptVersions,
  '009_search_term_pairs': searchTermPairs,
  '010_embedding_engine': embeddingEngine,
};
