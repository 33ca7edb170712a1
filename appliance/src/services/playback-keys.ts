import { randomBytes } from 'node:crypto';
import type { SettingStore } from '../ports/setting-store.js';

export const PLAYBACK_KEY_SETTING = 'playback_signing_key';
/**
 * How long a replica trusts the key it read. Short, so a rotation made by the admin CLI
 * directly in the database (Postgres, several replicas) takes effect within seconds, while a
 * player fetching segments back to back does not cost one database read per segment.
 */
export const PLAYBACK_KEY_CACHE_MS = 2_000;

/** The playback signing key: created on first use, kept in the database, rotatable. */
export class PlaybackKeys {
  private cached: { key: string; until: number } | undefined;

  constructor(
    private readonly settings: SettingStore,
    private readonly cacheMs = PLAYBACK_KEY_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<string> {
    if (this.cached && this.cached.until > this.now()) return this.cached.key;
    const key = await this.settings.setting(PLAYBACK_KEY_SETTING, newKey);
    this.cached = { key, until: this.now() + this.cacheMs };
    return key;
  }

  /** Replaces the key: every playback URL signed before stops working. */
  async rotate(): Promise<void> {
    const key = newKey();
    await this.settings.replaceSetting(PLAYBACK_KEY_SETTING, key);
    this.cached = { key, until: this.now() + this.cacheMs };
  }
}

function newKey(): string {
  return randomBytes(32).toString('base64url');
}
