import { expect, test } from '@playwright/test';
import { applianceApi, ADMIN_TOKEN } from '../support/processes.js';
import { mediaNamed } from '../support/server.js';
import { randomFile } from '../support/files.js';
import { Stack, tab } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await Stack.start();
});
test.afterAll(async () => {
  await stack?.dispose();
});

test('a spoofed file is shown as REJECTED with the reason, and nothing playable is made', async ({ page }, testInfo) => {
  const file = await randomFile('holiday.mp4', 300_000);
  await stack.pair(page);
  await page.getByTestId('file-input').setInputFiles(file);
  const row = page.getByTestId('queue-row').filter({ hasText: 'holiday.mp4' });
  await expect(row.getByTestId('media-error')).toContainText(/not a supported video or audio format/i, { timeout: 60_000 });
  await testInfo.attach('rejected in the queue', { body: await page.screenshot(), contentType: 'image/png' });

  await tab(page, 'Library').click();
  const media = page.getByTestId('library-row').filter({ hasText: 'holiday.mp4' });
  await expect(media).toHaveAttribute('data-status', 'REJECTED');
  const [server] = await mediaNamed(stack.applianceUrl, 'holiday.mp4');
  expect(server?.status).toBe('REJECTED');
  expect((await applianceApi(stack.applianceUrl, ADMIN_TOKEN, `/api/media/${server!.id}/playback`)).status).toBe(409);
});
