import { ADMIN_TOKEN, api, randomFile } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { queueRow, tab } from '../support/ui.js';

test('a spoofed file is shown as REJECTED with the reason, and nothing playable is made', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  const file = await randomFile(filesDir, 'holiday.mp4', 300_000);
  await page.getByTestId('file-input').setInputFiles(file);
  const row = queueRow(page, 'holiday.mp4');
  await expect(row.getByTestId('media-error')).toContainText(/not a supported video or audio format/i, { timeout: 60_000 });
  await testInfo.attach('rejected in the queue', { body: await page.screenshot(), contentType: 'image/png' });

  await tab(page, 'Library').click();
  const media = page.getByTestId('library-row').filter({ hasText: 'holiday.mp4' });
  await expect(media).toHaveAttribute('data-status', 'REJECTED');
  const [server] = await stack.mediaNamed('holiday.mp4');
  expect(server?.status).toBe('REJECTED');
  expect((await api(stack.applianceUrl, ADMIN_TOKEN, `/api/media/${server!.id}/playback`)).status).toBe(409);
});
