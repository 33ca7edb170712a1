import { randomFile, sha256File } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { limitBandwidth, queueRow, rowProgress } from '../support/ui.js';

test('pause and resume a large upload, cancel another: right bytes, no orphan', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  const big = await randomFile(filesDir, 'big-recording.mp4', 24 * 1024 * 1024);
  const other = await randomFile(filesDir, 'cancel-me.mp4', 16 * 1024 * 1024);
  await limitBandwidth(page, 3);
  await page.getByTestId('file-input').setInputFiles([big, other]);

  const bigRow = queueRow(page, 'big-recording.mp4');
  const otherRow = queueRow(page, 'cancel-me.mp4');
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

  const [media] = await stack.mediaNamed('big-recording.mp4');
  expect(media).toBeDefined();
  expect(await stack.storedSha256(media!.id)).toBe(await sha256File(big));
  expect(await stack.mediaNamed('cancel-me.mp4')).toEqual([]);
});
