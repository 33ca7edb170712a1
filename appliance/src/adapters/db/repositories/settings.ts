import type { Kysely } from 'kysely';
import type { SettingStore } from '../../../ports/setting-store.js';
import type { DbSchema } from '../schema.js';

/** settings: values every replica shares. */
export class SqlSettingStore implements SettingStore {
  constructor(private readonly db: Kysely<DbSchema>) {}

  async setting(key: string, create: () => string): Promise<string> {
    await this.db.insertInto('settings').values({ key, value: create() }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }

  async replaceSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
