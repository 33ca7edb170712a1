import { talkingVideo } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { expectPlayerAt, limitBandwidth, playMuted, queueRow, tab } from '../support/ui.js';

/**
 * The main journey: drop a talking video, watch the local previews and the upload, follow the
 * server's processing to READY, play it, read the transcript, search a phrase and jump to it.
 */
const LINES = [
  { text: 'The river flows past the old library.', atSec: 1 },
  { text: 'Students read books about mountains and oceans.', atSec: 8 },
  { text: 'The museum opens every morning at nine.', atSec: 15 },
];

test('upload a talking video, then play, read and search it', async ({ pairedPage: page, filesDir }, testInfo) => {
  const video = await talkingVideo(filesDir, LINES, { seconds: 24, name: 'lecture.mp4' });
  // Slow the upload down so the previews can be seen before it finishes.
  await limitBandwidth(page, 0.2);
  await page.getByTestId('file-input').setInputFiles(video.file);
  const row = queueRow(page, 'lecture.mp4');
  await expect(row.getByTestId('thumbnail')).toBeVisible();
  await expect(row.getByTestId('waveform')).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'uploading');
  const progress = row.getByRole('progressbar');
  const first = Number(await progress.getAttribute('aria-valuenow'));
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(first);
  await testInfo.attach('upload in progress', { body: await page.screenshot(), contentType: 'image/png' });

  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await tab(page, 'Library').click();
  const media = page.getByTestId('library-row').filter({ hasText: 'lecture.mp4' });
  await expect(media).toHaveAttribute('data-status', 'READY', { timeout: 180_000 });
  await media.getByRole('button').first().click();

  const player = page.getByTestId('player');
  await expect(player).toBeVisible();
  await playMuted(player);
  await expect(page.getByTestId('transcript-segment').first()).toBeVisible();
  await expect(page.getByRole('list', { name: 'Transcript' })).toContainText(/library/i);
  await testInfo.attach('library with player and transcript', { body: await page.screenshot(), contentType: 'image/png' });

  await page.getByLabel('Search transcripts').fill('mountains and oceans');
  await page.getByLabel('Search transcripts').press('Enter');
  const hit = page.getByTestId('search-result').first();
  await expect(hit).toContainText('lecture.mp4');
  await hit.click();
  const spoken = video.lines[1]!;
  await expectPlayerAt(player, spoken.atSec - 3, spoken.atSec + spoken.durationSec! + 3);
  await testInfo.attach('search result opened at the phrase', { body: await page.screenshot(), contentType: 'image/png' });
});
