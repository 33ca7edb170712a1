import { expect, type Locator, type Page } from '@playwright/test';

/** A main navigation tab: Upload, Library or Settings. */
export function tab(page: Page, name: 'Upload' | 'Library' | 'Settings'): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });
}

/** The upload queue's row of a file. */
export function queueRow(page: Page, filename: string): Locator {
  return page.getByTestId('queue-row').filter({ hasText: filename });
}

/** Sets the bandwidth limit in Settings (MB/s), so an upload lasts long enough to act on. */
export async function limitBandwidth(page: Page, megabytesPerSecond: number): Promise<void> {
  await tab(page, 'Settings').click();
  await page.getByLabel('Bandwidth limit (MB/s)').fill(String(megabytesPerSecond));
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await tab(page, 'Upload').click();
}

/** Percent shown by a queue row's progress bar. */
export async function rowProgress(row: Locator): Promise<number> {
  return Number(await row.getByRole('progressbar').getAttribute('aria-valuenow'));
}

/** Plays the player muted (Chromium refuses autoplay with sound) and waits until playback really moves. */
export async function playMuted(player: Locator): Promise<void> {
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.5);
}

/** What a media element is doing, for a failure message that says why it is not where it should be. */
export async function playerState(player: Locator): Promise<string> {
  const state = await player.evaluate((v: HTMLVideoElement) => ({
    currentTime: v.currentTime,
    duration: v.duration,
    readyState: v.readyState,
    networkState: v.networkState,
    paused: v.paused,
    seeking: v.seeking,
    error: v.error ? `${v.error.code} ${v.error.message}` : null,
    buffered: Array.from({ length: v.buffered.length }, (_, i) => `${v.buffered.start(i).toFixed(1)}-${v.buffered.end(i).toFixed(1)}`),
  }));
  const alerts = await player.page().getByRole('alert').allInnerTexts();
  return `${JSON.stringify(state)}${alerts.length ? ` alerts: ${alerts.join(' | ')}` : ''}`;
}

/** Waits until the player is at `from`..`to` seconds (a jump landed), saying the element's state if it never is. */
export async function expectPlayerAt(player: Locator, from: number, to: number, timeout = 20_000): Promise<void> {
  const at = () => player.evaluate((v: HTMLVideoElement) => v.currentTime);
  try {
    await expect.poll(at, { timeout }).toBeGreaterThanOrEqual(from);
  } catch (error) {
    throw new Error(`the player never reached ${from} s: ${await playerState(player)}`, { cause: error });
  }
  expect(await at()).toBeLessThan(to);
}
