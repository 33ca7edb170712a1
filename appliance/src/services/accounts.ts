import { randomUUID } from 'node:crypto';
import type { User } from '../domain/media.js';
import { generateToken, hashToken } from '../domain/tokens.js';
import type { Database } from '../ports/database.js';

export class AccountError extends Error {
  constructor(
    readonly code: 'name_taken' | 'invalid_name',
    message: string,
  ) {
    super(message);
  }
}

const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u;

export class Accounts {
  constructor(private readonly db: Database) {}

  /** Creates a user with a fresh token; the token is returned once and stored only hashed. */
  async createUser(name: string, isAdmin: boolean): Promise<{ user: User; token: string }> {
    if (!NAME_PATTERN.test(name)) {
      throw new AccountError('invalid_name', 'user names are 1-64 letters, digits, ".", "_", "@" or "-"');
    }
    const token = generateToken();
    return this.db.transaction(async (repos) => {
      if (await repos.users.findByName(name)) {
        throw new AccountError('name_taken', `a user named "${name}" already exists`);
      }
      const user = await repos.users.create({ id: randomUUID(), name, isAdmin });
      await repos.tokens.insert(user.id, hashToken(token));
      return { user, token };
    });
  }

  /** Issues an extra token for an existing user. */
  async issueToken(userName: string): Promise<string | undefined> {
    const user = await this.db.users.findByName(userName);
    if (!user) return undefined;
    const token = generateToken();
    await this.db.tokens.insert(user.id, hashToken(token));
    return token;
  }

  authenticate(token: string): Promise<User | undefined> {
    return this.db.tokens.findUser(hashToken(token));
  }

  revokeToken(token: string): Promise<boolean> {
    return this.db.tokens.revoke(hashToken(token));
  }

  listUsers(): Promise<User[]> {
    return this.db.users.list();
  }

  /**
   * Makes sure an admin can log in. BIBLIO_ADMIN_TOKEN, when set, always works for the "admin"
   * user. Otherwise, on a first start with no users at all, a token is generated and returned
   * so the caller can print it once.
   */
  async bootstrapAdmin(configuredToken: string | undefined): Promise<{ generatedToken?: string }> {
    if (configuredToken !== undefined) {
      const hash = hashToken(configuredToken);
      if (await this.db.tokens.findUser(hash)) return {};
      await this.db.transaction(async (repos) => {
        const admin = (await repos.users.findByName('admin')) ?? (await repos.users.create({ id: randomUUID(), name: 'admin', isAdmin: true }));
        await repos.tokens.insert(admin.id, hash);
      });
      return {};
    }
    if ((await this.db.users.count()) > 0) return {};
    const { token } = await this.createUser('admin', true);
    return { generatedToken: token };
  }
}
