import { expect, test } from '@playwright/test';
import { fixtureDir, talkingAudio } from '../../appliance/test/integration/harness/fixtures.js';
import { Stack, tab } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await Stack.start();
});
test.afterAll(async () => {
  await stack?.dispose();
});

test('an audio-only upload: waveform, transcript, search hit and playback', async ({ page }, testInfo) => {
  const audio = await talkingAudio(await fixtureDir(), [
    { text: 'Welcome to the garden podcast.', atSec: 0.5 },
    { text: 'Today we plant tomatoes and basil.', atSec: 5 },
  ], 10);
  await stack.pair(page);
  await page.getByTestId('file-input').setInputFiles(audio.file);
  const row = page.getByTestId('queue-row').filter({ hasText: 'talk.mp3' });
  await expect(row.getByTestId('waveform')).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  await tab(page, 'Library').click();
  const media = page.getByTestId('library-row').filter({ hasText: 'talk.mp3' });
  await expect(media).toHaveAttribute('data-status', 'READY', { timeout: 120_000 });
  await media.getByRole('button').first().click();
  await expect(page.getByRole('list', { name: 'Transcript' })).toContainText(/tomatoes|garden|podcast/i);

  const player = page.getByTestId('player');
  await player.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.5);

  await page.getByLabel('Search transcripts').fill('tomatoes');
  await page.getByLabel('Search transcripts').press('Enter');
  await expect(page.getByTestId('search-result').first()).toContainText('talk.mp3');
  await testInfo.attach('audio in the library', { body: await page.screenshot(), contentType: 'image/png' });
});
