import { expect, type Page } from '@playwright/test';
import { ADMIN_TOKEN, cleanupAppliance, startAppliance, startHost, tempDir, type RunningProcess } from './processes.js';
import { rm } from 'node:fs/promises';

/**
 * One real appliance (embedded defaults, its own temp data dir) and one desktop host (its own
 * state dir) per spec file, with the controls the fault-injection specs need.
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
    const appliance = await startAppliance(dataDir);
    const host = await startHost(stateDir);
    return new Stack(dataDir, stateDir, appliance, host);
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
    this.appliance = await startAppliance(this.dataDir, port);
  }

  async restartHost(how: 'kill' | 'stop'): Promise<void> {
    const port = Number(new URL(this.host.url).port);
    if (how === 'kill') await this.host.kill();
    else await this.host.stop();
    this.host = await startHost(this.stateDir, port);
  }

  async dispose(): Promise<void> {
    await this.host.stop().catch(() => undefined);
    await this.appliance.stop().catch(() => undefined);
    await cleanupAppliance(this.dataDir);
    await rm(this.stateDir, { recursive: true, force: true });
  }
}

/** A main navigation tab: Upload, Library or Settings. */
export function tab(page: Page, name: 'Upload' | 'Library' | 'Settings') {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });
}

/** Sets the bandwidth limit in Settings (MB/s), so an upload lasts long enough to act on. */
export async function limitBandwidth(page: Page, megabytesPerSecond: number): Promise<void> {
  await tab(page, 'Settings').click();
  await page.getByLabel('Bandwidth limit (MB/s)').fill(String(megabytesPerSecond));
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await tab(page, 'Upload').click();
}

/** Percent shown by a queue row's progress bar. */
export async function rowProgress(row: ReturnType<Page['getByTestId']>): Promise<number> {
  return Number(await row.getByRole('progressbar').getAttribute('aria-valuenow'));
}
