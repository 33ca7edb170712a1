import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_TOKEN, api, REPO_ROOT, sha256File } from '@biblio/test-support';
import type { Page } from '@playwright/test';
import { seedLibrary } from '../support/library-seed.js';
import { expect, test } from '../support/fixtures.js';
import { expectPlayerAt, playMuted, tab } from '../support/ui.js';

/**
 * The library as people use it: 31 recordings made through the API; browse them (pages, sort,
 * filters, title search), open the bottom one with the player in view at desktop and narrow
 * widths, subtitles, a transcript that follows playback, shortcuts, a moment link that opens at
 * its second, downloads whose bytes match the upload, rename and delete.
 */
const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

const cards = (page: Page) => page.getByTestId('library-row');

/** Loads every page by scrolling to the end of the grid (infinite scroll). */
async function loadAll(page: Page, total: number): Promise<void> {
  while ((await cards(page).count()) < total) {
    await page.getByTestId('load-more').scrollIntoViewIfNeeded();
    await expect.poll(() => cards(page).count()).toBeGreaterThan(0);
    await page.waitForTimeout(200);
  }
  await expect(page.getByTestId('library-end')).toHaveText(`${total} recordings`);
}

async function openBottomCard(page: Page): Promise<void> {
  const last = cards(page).last();
  await last.scrollIntoViewIfNeeded();
  await last.getByRole('button').first().click();
}

test('browse, play, share a moment and download from a library of 31 recordings', async ({ pairedPage: page, stack, filesDir }) => {
  test.setTimeout(720_000);
  const seeded = await seedLibrary(stack.applianceUrl, ADMIN_TOKEN, filesDir);
  const { talk } = seeded;

  await page.setViewportSize({ width: 1440, height: 900 });
  await tab(page, 'Library').click();

  // Paging: the first page, then the rest by the appliance's cursor.
  await expect(cards(page)).toHaveCount(24);
  await expect(page.getByTestId('load-more')).toBeVisible();
  await expect(cards(page).first().getByTestId('card-poster')).toBeVisible();
  // A settled recording shows one status, not its six stages.
  await expect(cards(page).first().getByTestId('stage-chip')).toHaveCount(0);
  const video = cards(page).filter({ hasText: 'clip-19.mp4' });
  await video.getByRole('button').first().hover({ position: { x: 150, y: 40 } });
  await expect(video.getByTestId('card-scrub')).toBeVisible();
  await shoot(page, 'library.png');
  await page.mouse.move(0, 0);
  await loadAll(page, 31);

  // Sort: oldest first puts the talk on top; title order is the appliance's.
  const sort = page.getByLabel('Sort', { exact: true });
  await sort.selectOption('oldest');
  await expect(cards(page).first()).toHaveAttribute('data-media-id', talk.id);
  await sort.selectOption('title');
  const byTitle = (await api(stack.applianceUrl, ADMIN_TOKEN, '/api/media?sort=title&limit=3')).json.media as { id: string }[];
  await expect(cards(page).first()).toHaveAttribute('data-media-id', byTitle[0]!.id);
  await expect(cards(page).nth(1)).toHaveAttribute('data-media-id', byTitle[1]!.id);
  await sort.selectOption('newest');

  // Filters: kind, language, status, date; each narrows the grid to exactly what matches.
  await page.getByLabel('Kind', { exact: true }).selectOption('audio');
  await expect(page.getByTestId('library-end')).toHaveText('10 recordings');
  await expect(cards(page).filter({ hasText: '.mp4' })).toHaveCount(0);
  await page.getByLabel('Kind', { exact: true }).selectOption('');
  await page.getByLabel('Language', { exact: true }).fill('fr');
  await expect(page.getByTestId('library-end')).toHaveText('10 recordings');
  await page.getByLabel('Status', { exact: true }).selectOption('FAILED');
  await expect(page.getByTestId('library-empty')).toHaveText('No recording matches these filters.');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('From', { exact: true }).fill(tomorrow);
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Title search (titles and file names).
  await page.getByLabel('Find by title').fill('interview');
  await expect(page.getByTestId('library-end')).toHaveText('4 recordings');
  await expect(cards(page).first()).toContainText(/Interview/);
  await page.getByLabel('Find by title').fill('');
  await expect(cards(page)).toHaveCount(24);

  // The bottom card of the whole library opens with its player in view, at 1440 px...
  await loadAll(page, 31);
  await openBottomCard(page);
  const player = page.getByTestId('player');
  await expect(page.getByTestId('media-detail')).toHaveAttribute('data-media-id', talk.id);
  await expect(player).toBeInViewport({ ratio: 0.9 });
  await expect(page.getByTestId('transcript-segment').first()).toBeVisible();

  // Subtitles: on by default (a showing track with the transcript's cues), and a toggle.
  await expect(page.getByRole('button', { name: 'Subtitles on' })).toHaveAttribute('aria-pressed', 'true');
  await playMuted(player);
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.mode)).toBe('showing');
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.cues?.length ?? 0)).toBeGreaterThan(0);
  // A line is on screen while it is said.
  await player.evaluate((v: HTMLVideoElement) => (v.currentTime = 1.5));
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.activeCues?.length ?? 0)).toBeGreaterThan(0);

  // The transcript follows playback: the spoken line is marked, and moves as the player does.
  const active = page.locator('[data-testid="transcript-segment"][aria-current="true"]');
  await expect(active).toHaveCount(1);
  const firstActive = Number(await active.getAttribute('data-start'));
  await page.getByRole('heading', { level: 2 }).click();
  await page.keyboard.press('l'); // forward 10 s
  await expect.poll(async () => Number(await active.getAttribute('data-start'))).toBeGreaterThan(firstActive);
  await expect(active).toBeInViewport();
  await shoot(page, 'library-detail-1440.png');

  // Shortcuts: space pauses, ? lists them all.
  await page.keyboard.press(' ');
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('Back 10 seconds');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);

  // ...and at 760 px: the player is pinned above the transcript while the page scrolls.
  await page.setViewportSize({ width: 760, height: 900 });
  await page.getByRole('button', { name: '← Library' }).click();
  await loadAll(page, 31);
  await openBottomCard(page);
  await expect(page.getByTestId('media-detail')).toHaveAttribute('data-media-id', talk.id);
  await expect(player).toBeInViewport({ ratio: 0.9 });
  await page.mouse.wheel(0, 700);
  await page.waitForTimeout(300);
  await expect(player).toBeInViewport({ ratio: 0.9 });
  await shoot(page, 'library-detail-760.png');
  await page.evaluate(() => window.scrollTo(0, 0));

  // Find in the transcript with /, then share that line as a moment link.
  await page.getByRole('heading', { level: 2 }).click();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Find in transcript')).toBeFocused();
  await page.keyboard.type('museum');
  await expect(page.getByTestId('find-count')).toHaveText('1 of 1');
  const hit = page.locator('.segment-row.is-current-hit');
  const hitStart = Number(await hit.getByTestId('transcript-segment').getAttribute('data-start'));
  await hit.getByRole('button', { name: /Copy link to/ }).click();
  const link = await page.getByTestId('moment-link').inputValue();
  expect(link).toBe(`${stack.host.url}#/m/${talk.id}?t=${Math.floor(hitStart)}`);

  // The link opens the app at that recording and second (a fresh tab, as a colleague would).
  const other = await page.context().newPage();
  await other.setViewportSize({ width: 1440, height: 900 });
  await other.goto(link);
  await expect(other.getByTestId('media-detail')).toHaveAttribute('data-media-id', talk.id);
  const otherPlayer = other.getByTestId('player');
  await expectPlayerAt(otherPlayer, Math.floor(hitStart), Math.floor(hitStart) + 4);
  // Its viewer moves back to 0:02; the jump is spent and must not pull them to the moment again.
  await otherPlayer.evaluate((v: HTMLVideoElement) => {
    v.pause();
    v.currentTime = 2;
  });

  // Downloads: the original byte for byte, and the subtitles.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Original' }).click();
  const note = page.getByTestId('action-note');
  await expect(note).toContainText('Saved to');
  const saved = (await note.getAttribute('data-path'))!;
  expect(path.dirname(saved)).toBe(stack.downloadsDir);
  expect(path.basename(saved)).toBe('harbour-talk.mp4');
  expect(await sha256File(saved)).toBe(talk.sha256);
  await page.getByRole('button', { name: 'Subtitles (.vtt)' }).click();
  await expect(note).toContainText('.vtt');
  expect((await readFile((await note.getAttribute('data-path'))!, 'utf8')).startsWith('WEBVTT')).toBe(true);

  // Rename: the title changes here and on its card.
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Harbour lecture');
  await page.getByRole('button', { name: 'Save title' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Harbour lecture' })).toBeVisible();
  // The other tab hears of it live, re-renders, and its player stays where its viewer put it.
  await expect(other.getByRole('heading', { level: 2, name: 'Harbour lecture' })).toBeVisible();
  await other.waitForTimeout(500);
  expect(await otherPlayer.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(3);
  await other.close();

  // Delete asks first, then the recording is gone from the library.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByTestId('media-detail')).toHaveCount(0);
  await expect(cards(page).filter({ hasText: 'Harbour lecture' })).toHaveCount(0);
  expect((await api(stack.applianceUrl, ADMIN_TOKEN, `/api/media/${talk.id}`)).status).toBe(404);
});
