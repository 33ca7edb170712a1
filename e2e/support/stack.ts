import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import {
  ADMIN_TOKEN,
  api,
  mediaNamed,
  removeApplianceData,
  sha256File,
  startAppliance,
  startDesktopHost,
  storedUploadFile,
  tempDir,
  type RunningProcess,
} from '@biblio/test-support';
import { tab } from './ui.js';

/** Short transcription windows: the specs' clips are seconds long. */
const APPLIANCE_ENV = { BIBLIO_TRANSCRIBE_WINDOW: '10s' };

function downloadsDirOf(stateDir: string): string {
  return path.join(stateDir, 'downloads');
}

/** Downloads land in the test's own folder, never in the developer's ~/Downloads. */
function hostEnv(stateDir: string): Record<string, string> {
  return { BIBLIO_DOWNLOADS_DIR: downloadsDirOf(stateDir) };
}

/**
 * One real appliance (embedded defaults, its own temp data dir) and one desktop host (its own
 * state dir) per spec, with the controls the fault-injection specs need and a look behind the
 * UI's back at what the appliance holds.
 */
export class Stack {
  private constructor(
    readonly dataDir: string,
    readonly stateDir: string,
    public appliance: RunningProcess,
    public host: RunningProcess,
  ) {}

  static async start(): Promise<Stack> {
    const dataDir = await tempDir('biblio-e2e-appliance-');
    const stateDir = await tempDir('biblio-e2e-desktop-');
    const appliance = await startAppliance({ dataDir, env: APPLIANCE_ENV });
    const host = await startDesktopHost(stateDir, { env: hostEnv(stateDir) });
    return new Stack(dataDir, stateDir, appliance, host);
  }

  /** Where the UI's download buttons save files (inside the state dir, removed with it). */
  get downloadsDir(): string {
    return downloadsDirOf(this.stateDir);
  }

  get applianceUrl(): string {
    return this.appliance.url;
  }

  /** Pairs the UI with the appliance through the real pairing form. */
  async pair(page: Page, token = ADMIN_TOKEN): Promise<void> {
    await page.goto(this.host.url);
    // A paired app opens on its uploads; the pairing form lives in Settings.
    const settings = tab(page, 'Settings');
    if (await settings.isVisible()) await settings.click();
    await page.getByLabel('Server URL').fill(this.applianceUrl);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('connection-status')).toContainText(/connected/i);
    await tab(page, 'Upload').click();
  }

  /** SIGKILL (or SIGTERM) the appliance and start it again on the same data dir and port. */
  async restartAppliance(how: 'kill' | 'stop', whileDown?: () => Promise<void>): Promise<void> {
    const port = Number(new URL(this.applianceUrl).port);
    if (how === 'kill') await this.appliance.kill();
    else await this.appliance.stop();
    await whileDown?.();
    this.appliance = await startAppliance({ dataDir: this.dataDir, port, env: APPLIANCE_ENV });
  }

  async restartHost(how: 'kill' | 'stop'): Promise<void> {
    const port = Number(new URL(this.host.url).port);
    if (how === 'kill') await this.host.kill();
    else await this.host.stop();
    this.host = await startDesktopHost(this.stateDir, { port, env: hostEnv(this.stateDir) });
  }

  /** The appliance's media with this filename, as the owner of `token` lists them. */
  mediaNamed(filename: string, token = ADMIN_TOKEN) {
    return mediaNamed(this.applianceUrl, token, filename);
  }

  /** sha256 of the bytes the appliance stored for a media (filesystem store). */
  async storedSha256(mediaId: string, token = ADMIN_TOKEN): Promise<string> {
    const owner = (await api(this.applianceUrl, token, '/api/me')).json.id as string;
    return sha256File(storedUploadFile(this.dataDir, owner, mediaId));
  }

  async dispose(): Promise<void> {
    await this.host.stop().catch(() => undefined);
    await this.appliance.stop().catch(() => undefined);
    await removeApplianceData(this.dataDir);
    await rm(this.stateDir, { recursive: true, force: true });
  }
}
