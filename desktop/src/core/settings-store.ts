import { chmod, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { settingsPatchSchema, UI_LANGUAGES, type DesktopSettings } from '@biblio/shared';
import { privateDir, readJsonFile, writeFileAtomic, writeJsonAtomic } from './state-file.js';

type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** settings.json holds everything but the token; the token lives alone in a 0600 file. */
const storedSchema = z.object({
  serverUrl: z.string().default(''),
  parallelUploads: z.number().int().min(1).max(10).default(3),
  bandwidthLimit: z.number().int().min(1024).nullable().default(null),
  startOnLogin: z.boolean().default(false),
  notifications: z.boolean().default(true),
  uploadLanguage: z.string().nullable().default(null),
  language: z.enum(UI_LANGUAGES).default('auto'),
});
type StoredSettings = z.infer<typeof storedSchema>;

export interface ServerCredentials {
  serverUrl: string;
  token: string;
}

/** 'bib_…x3Fq': enough to recognise a token, useless to steal it. */
export function tokenHint(token: string): string {
  if (!token) return '';
  if (token.length < 12) return `…${token.slice(-2)}`;
  return `${token.slice(0, 4)}…${token.slice(-4)}`;
}

/** "http://host:8080/" and "http://host:8080" are the same server. */
export function normaliseServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export class SettingsStore {
  private settings: StoredSettings = storedSchema.parse({});
  private token = '';

  private constructor(private readonly dir: string) {}

  static async open(dir: string, warn: (message: string) => void): Promise<SettingsStore> {
    const store = new SettingsStore(dir);
    const read = await readJsonFile(store.settingsFile);
    if ('corrupt' in read) warn(`settings.json was unreadable and was moved to ${read.corrupt}; defaults are used`);
    if ('data' in read) {
      const parsed = storedSchema.safeParse(read.data);
      if (parsed.success) store.settings = parsed.data;
      else warn(`settings.json has invalid values (${parsed.error.issues[0]?.path.join('.')}); defaults are used`);
    }
    store.token = (await readFile(store.tokenFile, 'utf8').catch(() => '')).trim();
    // Tighten a token file, settings and folder that were copied around or created by an older version.
    if (store.token) await chmod(store.tokenFile, 0o600).catch(() => undefined);
    if ('data' in read) await chmod(store.settingsFile, 0o600).catch(() => undefined);
    await privateDir(dir);
    return store;
  }

  get(): DesktopSettings {
    const { serverUrl, parallelUploads, bandwidthLimit, startOnLogin, notifications, uploadLanguage, language } = this.settings;
    return { serverUrl, tokenHint: tokenHint(this.token), parallelUploads, bandwidthLimit, startOnLogin, notifications, uploadLanguage, language };
  }

  /** The server to talk to, or null while unpaired. */
  credentials(): ServerCredentials | null {
    return this.settings.serverUrl && this.token ? { serverUrl: this.settings.serverUrl, token: this.token } : null;
  }

  /** Applies a validated patch; returns which keys really changed so callers react only to those. */
  async set(patch: SettingsPatch): Promise<Set<keyof SettingsPatch>> {
    const changed = new Set<keyof SettingsPatch>();
    const next: StoredSettings = { ...this.settings };
    if (patch.serverUrl !== undefined && normaliseServerUrl(patch.serverUrl) !== next.serverUrl) {
      next.serverUrl = normaliseServerUrl(patch.serverUrl);
      changed.add('serverUrl');
    }
    for (const key of ['parallelUploads', 'bandwidthLimit', 'startOnLogin', 'notifications', 'uploadLanguage', 'language'] as const) {
      if (patch[key] !== undefined && patch[key] !== next[key]) {
        (next as Record<string, unknown>)[key] = patch[key];
        changed.add(key);
      }
    }
    if (patch.token !== undefined && patch.token.trim() !== this.token) {
      const token = patch.token.trim();
      if (token) await writeFileAtomic(this.tokenFile, token, 0o600);
      else await rm(this.tokenFile, { force: true });
      this.token = token;
      changed.add('token');
    }
    if (changed.size > 0) {
      await writeJsonAtomic(this.settingsFile, next, 0o600);
      this.settings = next;
    }
    return changed;
  }

  private get settingsFile(): string {
    return path.join(this.dir, 'settings.json');
  }

  private get tokenFile(): string {
    return path.join(this.dir, 'token');
  }
}
