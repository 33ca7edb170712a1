import type { Kysely } from 'kysely';
import type { User } from '../../../domain/media.js';
import type { TokenRepository } from '../../../ports/database.js';
import type { DbSchema } from '../schema.js';
import { toUser } from './users.js';

export class SqlTokenRepository implements TokenRepository {
  constructor(private readonly db: Kysely<DbSchema>) {}

  async insert(userId: string, tokenHash: string): Promise<void> {
    await this.db.insertInto('api_tokens').values({ user_id: userId, token_hash: tokenHash }).execute();
  }

  async findUser(tokenHash: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .where('api_tokens.token_hash', '=', tokenHash)
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async revoke(tokenHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
