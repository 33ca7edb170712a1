import type { Kysely, Selectable } from 'kysely';
import type { User } from '../../../domain/media.js';
import type { UserRepository } from '../../../ports/database.js';
import type { DbSchema, UsersTable } from '../schema.js';

export function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, name: row.name, isAdmin: row.is_admin, createdAt: row.created_at };
}

export class SqlUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<DbSchema>) {}

  async create(input: { id: string; name: string; isAdmin: boolean }): Promise<User> {
    const row = await this.db
      .insertInto('users')
      .values({ id: input.id, name: input.name, is_admin: input.isAdmin })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async findByName(name: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toUser(row);
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('name').execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
