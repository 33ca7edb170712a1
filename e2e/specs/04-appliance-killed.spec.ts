import { rawVideo, sha256File } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { limitBandwidth, queueRow, rowProgress } from '../support/ui.js';

test('the appliance is killed mid-upload: the UI reconnects and the upload completes intact', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  // Real (uncompressed) video: random bytes are now refused by the local FFmpeg check before upload.
  const file = rawVideo(filesDir, 'interview.avi', 6, 30); // ~17 MB
  await limitBandwidth(page, 2);
  await page.getByTestId('file-input').setInputFiles(file);
  const row = queueRow(page, 'interview.avi');
  await expect.poll(() => rowProgress(row), { timeout: 30_000 }).toBeGreaterThan(20);

  await stack.restartAppliance('kill', async () => {
    await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('connection-banner')).toContainText(/reconnecting/i);
    await testInfo.attach('reconnecting', { body: await page.screenshot(), contentType: 'image/png' });
  });

  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('connection-banner')).toBeHidden({ timeout: 30_000 });
  const media = await stack.mediaNamed('interview.avi');
  expect(media).toHaveLength(1);
  expect(await stack.storedSha256(media[0]!.id)).toBe(await sha256File(file));
});
