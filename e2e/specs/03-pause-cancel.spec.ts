import { expect, test } from '@playwright/test';
import { mediaNamed, fileSha256, storedSha256 } from '../support/server.js';
import { randomFile } from '../support/files.js';
import { limitBandwidth, rowProgress, Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await Stack.start();
});
test.afterAll(async () => {
  await stack?.dispose();
});

test('pause and resume a large upload, cancel another: right bytes, no orphan', async ({ page }, testInfo) => {
  const big = await randomFile('big-recording.mp4', 24 * 1024 * 1024);
  const other = await randomFile('cancel-me.mp4', 16 * 1024 * 1024);
  await stack.pair(page);
  await limitBandwidth(page, 3);
  await page.getByTestId('file-input').setInputFiles([big, other]);

  const bigRow = page.getByTestId('queue-row').filter({ hasText: 'big-recording.mp4' });
  const otherRow = page.getByTestId('queue-row').filter({ hasText: 'cancel-me.mp4' });
  await expect(bigRow).toHaveAttribute('data-state', 'uploading');
  await expect.poll(() => rowProgress(bigRow)).toBeGreaterThan(5);

  await bigRow.getByRole('button', { name: 'Pause' }).click();
  await expect(bigRow).toHaveAttribute('data-state', 'paused');
  const paused = await rowProgress(bigRow);
  await testInfo.attach('paused', { body: await page.screenshot(), contentType: 'image/png' });
  await page.waitForTimeout(1500); // a paused upload must not move: observe it for a while
  expect(await rowProgress(bigRow)).toBe(paused);

  await otherRow.getByRole('button', { name: 'Cancel' }).click();
  await expect(otherRow).toHaveAttribute('data-state', 'cancelled');

  await bigRow.getByRole('button', { name: 'Resume' }).click();
  await expect(bigRow).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  const [media] = await mediaNamed(stack.applianceUrl, 'big-recording.mp4');
  expect(media).toBeDefined();
  expect(await storedSha256(stack.applianceUrl, stack.dataDir, media!.id)).toBe(await fileSha256(big));
  expect(await mediaNamed(stack.applianceUrl, 'cancel-me.mp4')).toEqual([]);
});
