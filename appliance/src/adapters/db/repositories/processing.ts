import type { Kysely } from 'kysely';
import type { MediaFacts } from '../../../domain/media-probe.js';
import type { ProcessingStore } from '../../../ports/processing-store.js';
import type { PlannerStatistics } from '../planner-statistics.js';
import type { DbSchema } from '../schema.js';
import { SqlAssetRecords } from './assets.js';
import { SqlSearchIndex } from './search-index.js';
import { SqlSettingStore } from './settings.js';
import { SqlTranscriptHistory } from './transcript-history.js';
import { SqlTranscriptStore } from './transcripts.js';
import type { Transact } from './transact.js';

/**
 * The processing store over SQL: each concern has its own repository (assets, transcripts,
 * search index, settings); this adds the probe facts and the delete that spans them all, and
 * forwards the rest, so stage processors keep one store while services take one concern.
 */
export class SqlProcessingStore implements ProcessingStore {
  readonly assets: SqlAssetRecords;
  readonly transcripts: SqlTranscriptStore;
  readonly history: SqlTranscriptHistory;
  readonly searchIndex: SqlSearchIndex;
  readonly settings: SqlSettingStore;

  /** `transact` runs work in one transaction (Kysely bound to it). */
  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly transact: Transact,
    statistics?: PlannerStatistics,
  ) {
    this.assets = new SqlAssetRecords(db, transact);
    this.transcripts = new SqlTranscriptStore(db, transact);
    this.history = new SqlTranscriptHistory(db, transact);
    this.searchIndex = new SqlSearchIndex(db, transact, statistics);
    this.settings = new SqlSettingStore(db);
  }

  async recordFacts(mediaId: string, facts: MediaFacts): Promise<void> {
    await this.db
      .updateTable('media')
      .set({ kind: facts.kind, facts: JSON.stringify(facts), duration_sec: facts.durationSec, updated_at: new Date() })
      .where('id', '=', mediaId)
      .execute();
  }

  async forgetDerived(mediaId: string): Promise<void> {
    await this.transact(async (trx) => {
      await this.searchIndex.forget(trx, mediaId);
      await trx.deleteFrom('transcript_segments').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('transcript_windows').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('transcript_speakers').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('transcript_versions').where('media_id', '=', mediaId).execute();
      await trx.deleteFrom('media_assets').where('media_id', '=', mediaId).execute();
    });
  }

  setAsset: ProcessingStore['setAsset'] = (...args) => this.assets.setAsset(...args);
  getAsset: ProcessingStore['getAsset'] = (...args) => this.assets.getAsset(...args);
  removeAsset: ProcessingStore['removeAsset'] = (...args) => this.assets.removeAsset(...args);
  listAssets: ProcessingStore['listAssets'] = (...args) => this.assets.listAssets(...args);
  finishedWindows: ProcessingStore['finishedWindows'] = (...args) => this.transcripts.finishedWindows(...args);
  saveWindow: ProcessingStore['saveWindow'] = (...args) => this.transcripts.saveWindow(...args);
  transcript: ProcessingStore['transcript'] = (...args) => this.transcripts.transcript(...args);
  current: ProcessingStore['current'] = (...args) => this.history.current(...args);
  commit: ProcessingStore['commit'] = (...args) => this.history.commit(...args);
  versions: ProcessingStore['versions'] = (...args) => this.history.versions(...args);
  version: ProcessingStore['version'] = (...args) => this.history.version(...args);
  recordEngineTranscript: ProcessingStore['recordEngineTranscript'] = (...args) => this.history.recordEngineTranscript(...args);
  clearForTranscription: ProcessingStore['clearForTranscription'] = (...args) => this.history.clearForTranscription(...args);
  replaceChunks: ProcessingStore['replaceChunks'] = (...args) => this.searchIndex.replaceChunks(...args);
  vectorSearch: ProcessingStore['vectorSearch'] = (...args) => this.searchIndex.vectorSearch(...args);
  staleEmbeddings: ProcessingStore['staleEmbeddings'] = (...args) => this.searchIndex.staleEmbeddings(...args);
  storeEmbeddings: ProcessingStore['storeEmbeddings'] = (...args) => this.searchIndex.storeEmbeddings(...args);
  textSearch: ProcessingStore['textSearch'] = (...args) => this.searchIndex.textSearch(...args);
  nameSearch: ProcessingStore['nameSearch'] = (...args) => this.searchIndex.nameSearch(...args);
  refreshNames: ProcessingStore['refreshNames'] = (...args) => this.searchIndex.refreshNames(...args);
  lexicon: ProcessingStore['lexicon'] = (...args) => this.searchIndex.lexicon(...args);
  setting: ProcessingStore['setting'] = (...args) => this.settings.setting(...args);
  replaceSetting: ProcessingStore['replaceSetting'] = (...args) => this.settings.replaceSetting(...args);
}
