import { checkNewUpload, effectiveLimits, type QuotaLimits, type QuotaRejection, type QuotaUsage } from '../domain/quota.js';
import type { Database, QuotaOverrides, Repositories } from '../ports/database.js';

export class QuotaExceededError extends Error {
  constructor(readonly rejection: QuotaRejection) {
    super(rejection.message);
  }
}

/** Per-user quotas: the configured defaults, admin overrides, and current usage. */
export class Quotas {
  constructor(
    private readonly db: Database,
    readonly defaults: QuotaLimits,
  ) {}

  async report(userId: string): Promise<{ usage: QuotaUsage; limits: QuotaLimits }> {
    const [usage, overrides] = await Promise.all([this.db.quotas.usage(userId), this.db.quotas.overrides(userId)]);
    return { usage, limits: effectiveLimits(this.defaults, overrides) };
  }

  /**
   * Inside a creation transaction: locks the owner, then throws QuotaExceededError if one more
   * upload of `size` does not fit. The lock holds until the caller's insert commits, so of many
   * concurrent creations only as many pass as really fit.
   */
  async reserve(repos: Repositories, userId: string, size: number): Promise<void> {
    await repos.quotas.lockOwner(userId);
    const [usage, overrides] = [await repos.quotas.usage(userId), await repos.quotas.overrides(userId)];
    const rejection = checkNewUpload(usage, effectiveLimits(this.defaults, overrides), size);
    if (rejection) throw new QuotaExceededError(rejection);
  }

  /** Admin: sets a user's overrides by name; false when there is no such user. */
  async set(userName: string, overrides: Partial<QuotaOverrides>): Promise<QuotaLimits | undefined> {
    const user = await this.db.users.findByName(userName);
    if (!user) return undefined;
    await this.db.quotas.setOverrides(user.id, overrides);
    return effectiveLimits(this.defaults, await this.db.quotas.overrides(user.id));
  }
}
