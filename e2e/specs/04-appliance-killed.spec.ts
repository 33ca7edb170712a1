import { expect, test } from '@playwright/test';
import { fileSha256, mediaNamed, storedSha256 } from '../support/server.js';
import { randomFile } from '../support/files.js';
import { limitBandwidth, rowProgress, Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await Stack.start();
});
test.afterAll(async () => {
  await stack?.dispose();
});

test('the appliance is killed mid-upload: the UI reconnects and the upload completes intact', async ({ page }, testInfo) => {
  const file = await randomFile('interview.mp4', 16 * 1024 * 1024);
  await stack.pair(page);
  await limitBandwidth(page, 2);
  await page.getByTestId('file-input').setInputFiles(file);
  const row = page.getByTestId('queue-row').filter({ hasText: 'interview.mp4' });
  await expect.poll(() => rowProgress(row), { timeout: 30_000 }).toBeGreaterThan(20);

  await stack.restartAppliance('kill', async () => {
    await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('connection-banner')).toContainText(/reconnecting/i);
    await testInfo.attach('reconnecting', { body: await page.screenshot(), contentType: 'image/png' });
  });

  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('connection-banner')).toBeHidden({ timeout: 30_000 });
  const media = await mediaNamed(stack.applianceUrl, 'interview.mp4');
  expect(media).toHaveLength(1);
  expect(await storedSha256(stack.applianceUrl, stack.dataDir, media[0]!.id)).toBe(await fileSha256(file));
});
