import type { User } from '../../domain/media.js';
import type { QuotaUsage } from '../../domain/quota.js';
import type { Clock } from '../../ports/clock.js';
import type { QuotaOverrides, QuotaRepository, TokenRepository, UserRepository } from '../../ports/database.js';
import { copy, type MemoryTables } from './memory-state.js';

export class MemoryUserRepository implements UserRepository {
  constructor(
    private readonly tables: () => MemoryTables,
    private readonly clock: Clock,
  ) {}

  async create(input: { id: string; name: string; isAdmin: boolean }): Promise<User> {
    const users = this.tables().users;
    // Names are unique, as the SQL unique index makes them.
    if (users.has(input.id) || [...users.values()].some((u) => u.name === input.name)) throw new Error(`duplicate key: user ${input.name}`);
    const user: User = { ...input, createdAt: this.clock.now() };
    users.set(user.id, user);
    return copy(user);
  }

  async findById(id: string): Promise<User | undefined> {
    const user = this.tables().users.get(id);
    return user && copy(user);
  }

  async findByName(name: string): Promise<User | undefined> {
    const user = [...this.tables().users.values()].find((u) => u.name === name);
    return user && copy(user);
  }

  async list(): Promise<User[]> {
    return [...this.tables().users.values()]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name))
      .map(copy);
  }

  async count(): Promise<number> {
    return this.tables().users.size;
  }
}

export class MemoryTokenRepository implements TokenRepository {
  constructor(
    private readonly tables: () => MemoryTables,
    private readonly clock: Clock,
  ) {}

  async insert(userId: string, tokenHash: string): Promise<void> {
    this.tables().tokens.set(tokenHash, { userId, revokedAt: null });
  }

  async findUser(tokenHash: string): Promise<User | undefined> {
    const token = this.tables().tokens.get(tokenHash);
    if (!token || token.revokedAt) return undefined;
    const user = this.tables().users.get(token.userId);
    return user && copy(user);
  }

  async revoke(tokenHash: string): Promise<boolean> {
    const token = this.tables().tokens.get(tokenHash);
    if (!token || token.revokedAt) return false;
    token.revokedAt = this.clock.now();
    return true;
  }
}

/** Statuses whose upload bytes are still kept (as the SQL quota repository counts them). */
const STORED = ['UPLOADED', 'PROCESSING', 'READY', 'FAILED', 'REJECTED'];

export class MemoryQuotaRepository implements QuotaRepository {
  constructor(private readonly tables: () => MemoryTables) {}

  /** One event loop and transactions run one at a time: there is nothing to lock. */
  async lockOwner(): Promise<void> {}

  async usage(userId: string): Promise<QuotaUsage> {
    const usage = { storedBytes: 0, pendingBytes: 0, pendingUploads: 0 };
    for (const m of this.tables().media.values()) {
      if (m.ownerId !== userId) continue;
      if (m.status === 'UPLOADING') {
        usage.pendingBytes += m.size;
        usage.pendingUploads += 1;
      }
      if (STORED.includes(m.status)) usage.storedBytes += m.size;
    }
    return usage;
  }

  async overrides(userId: string): Promise<QuotaOverrides> {
    return copy(this.tables().quotas.get(userId) ?? { storedBytes: null, pendingBytes: null, pendingUploads: null });
  }

  async setOverrides(userId: string, overrides: Partial<QuotaOverrides>): Promise<void> {
    const current = await this.overrides(userId);
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    this.tables().quotas.set(userId, { ...current, ...defined });
  }
}
