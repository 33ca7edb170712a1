import { rawVideo, sha256File } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { limitBandwidth, queueRow, rowProgress } from '../support/ui.js';

test('pause and resume a large upload, cancel another: right bytes, no orphan', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  // Real (uncompressed) video: random bytes are now refused by the local FFmpeg check before upload.
  const big = rawVideo(filesDir, 'big-recording.avi', 8, 10); // ~23 MB
  const other = rawVideo(filesDir, 'cancel-me.avi', 6, 20); // ~17 MB, other content
  await limitBandwidth(page, 3);
  await page.getByTestId('file-input').setInputFiles([big, other]);

  const bigRow = queueRow(page, 'big-recording.avi');
  const otherRow = queueRow(page, 'cancel-me.avi');
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

  const [media] = await stack.mediaNamed('big-recording.avi');
  expect(media).toBeDefined();
  expect(await stack.storedSha256(media!.id)).toBe(await sha256File(big));
  expect(await stack.mediaNamed('cancel-me.avi')).toEqual([]);
});
