import { createUser, talkingAudio } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { tab } from '../support/ui.js';

test("a second user sees nothing of the first user's library or transcripts", async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  const audio = await talkingAudio(filesDir, [{ text: 'The secret harbour plan is ready.', atSec: 0.5 }], 5);
  await page.getByTestId('file-input').setInputFiles(audio.file);
  await tab(page, 'Library').click();
  await expect(page.getByTestId('library-row').first()).toHaveAttribute('data-status', 'READY', { timeout: 120_000 });
  await page.getByLabel('Search transcripts').fill('harbour');
  await page.getByLabel('Search transcripts').press('Enter');
  await expect(page.getByTestId('search-result').first()).toBeVisible();

  const bob = await createUser(stack.dataDir, 'bob');
  await stack.pair(page, bob);
  await tab(page, 'Library').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await page.getByLabel('Search transcripts').fill('harbour');
  await page.getByLabel('Search transcripts').press('Enter');
  await expect(page.getByTestId('search-result')).toHaveCount(0);
  await testInfo.attach("bob's empty library", { body: await page.screenshot(), contentType: 'image/png' });
});
