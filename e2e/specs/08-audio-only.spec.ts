import path from 'node:path';
import { REPO_ROOT, talkingAudio } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { playMuted, queueRow, tab } from '../support/ui.js';

test('an audio-only upload: waveform, transcript, search hit and playback', async ({ pairedPage: page, filesDir }, testInfo) => {
  const audio = await talkingAudio(filesDir, [
    { text: 'Welcome to the garden podcast.', atSec: 0.5 },
    { text: 'Today we plant tomatoes and basil.', atSec: 5 },
  ], 10);
  await page.getByTestId('file-input').setInputFiles(audio.file);
  const row = queueRow(page, 'talk.mp3');
  await expect(row.getByTestId('waveform')).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  await tab(page, 'Library').click();
  const media = page.getByTestId('library-row').filter({ hasText: 'talk.mp3' });
  await expect(media).toHaveAttribute('data-status', 'READY', { timeout: 120_000 });
  await media.getByRole('button').first().click();
  await expect(page.getByRole('list', { name: 'Transcript' })).toContainText(/tomatoes|garden|podcast/i);

  const player = page.getByTestId('player');
  await playMuted(player);
  // Audio shows its waveform, not an empty picture, with a playhead that moves as it plays.
  const stage = page.getByTestId('audio-stage');
  await expect(stage.locator('img')).toBeVisible();
  const position = async () => Number(await stage.getAttribute('aria-valuenow'));
  const before = await position();
  await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(before);
  await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshots', 'library-audio.png') });

  await page.getByLabel('Search transcripts').fill('tomatoes');
  await page.getByLabel('Search transcripts').press('Enter');
  await expect(page.getByTestId('search-result').first()).toContainText('talk.mp3');
  await testInfo.attach('audio in the library', { body: await page.screenshot(), contentType: 'image/png' });
});
