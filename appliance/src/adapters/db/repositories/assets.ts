import type { Kysely } from 'kysely';
import type { AssetKind, AssetRecord, AssetRecords } from '../../../ports/asset-records.js';
import type { DbSchema } from '../schema.js';
import type { Transact } from './transact.js';

/** media_assets: which object holds each derived file of a media. */
export class SqlAssetRecords implements AssetRecords {
  /** `transact` runs work in one transaction (Kysely bound to it). */
  constructor(
    private readonly db: Kysely<DbSchema>,
    private readonly transact: Transact,
  ) {}

  async setAsset(mediaId: string, asset: AssetRecord): Promise<string | undefined> {
    return this.transact(async (trx) => {
      const previous = await trx
        .selectFrom('media_assets')
        .select('object_key')
        .where('media_id', '=', mediaId)
        .where('kind', '=', asset.kind)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .insertInto('media_assets')
        .values({ media_id: mediaId, kind: asset.kind, object_key: asset.objectKey, content_type: asset.contentType })
        .onConflict((oc) =>
          oc.columns(['media_id', 'kind']).doUpdateSet({ object_key: asset.objectKey, content_type: asset.contentType, created_at: new Date() }),
        )
        .execute();
      return previous && previous.object_key !== asset.objectKey ? previous.object_key : undefined;
    });
  }

  async getAsset(mediaId: string, kind: AssetKind): Promise<AssetRecord | undefined> {
    const row = await this.db
      .selectFrom('media_assets')
      .select(['kind', 'object_key', 'content_type'])
      .where('media_id', '=', mediaId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row && { kind: row.kind as AssetKind, objectKey: row.object_key, contentType: row.content_type };
  }

  async removeAsset(mediaId: string, kind: AssetKind): Promise<void> {
    await this.db.deleteFrom('media_assets').where('media_id', '=', mediaId).where('kind', '=', kind).execute();
  }

  async listAssets(mediaId: string): Promise<AssetRecord[]> {
    const rows = await this.db
      .selectFrom('media_assets')
      .select(['kind', 'object_key', 'content_type'])
      .where('media_id', '=', mediaId)
      .orderBy('kind')
      .execute();
    return rows.map((r) => ({ kind: r.kind as AssetKind, objectKey: r.object_key, contentType: r.content_type }));
  }
}
