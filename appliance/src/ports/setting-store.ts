/** Values every replica shares (the playback signing key), kept in the database. */
export interface SettingStore {
  /** A setting's value, created with `create()` on first use (race-safe across replicas). */
  setting(key: string, create: () => string): Promise<string>;
  /** Overwrites a setting (key rotation). */
  replaceSetting(key: string, value: string): Promise<void>;
}
