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

test('the desktop process is killed mid-upload: the queue comes back and resumes', async ({ page }) => {
  const file = await randomFile('lecture-raw.mp4', 16 * 1024 * 1024);
  await stack.pair(page);
  await limitBandwidth(page, 2);
  await page.getByTestId('file-input').setInputFiles(file);
  const row = page.getByTestId('queue-row').filter({ hasText: 'lecture-raw.mp4' });
  await expect.poll(() => rowProgress(row), { timeout: 30_000 }).toBeGreaterThan(20);
  const before = await rowProgress(row);

  await stack.restartHost('kill');
  await page.goto(stack.host.url);
  const restored = page.getByTestId('queue-row').filter({ hasText: 'lecture-raw.mp4' });
  await expect(restored).toBeVisible();
  // A restored row learns the server's offset when its upload restarts (HEAD); from then on it
  // must show that offset, not zero: it resumes rather than starting over.
  await expect(restored).toHaveAttribute('data-state', /uploading|done/, { timeout: 30_000 });
  expect(await rowProgress(restored)).toBeGreaterThanOrEqual(Math.min(before, 20) - 5);
  await expect(restored).toHaveAttribute('data-state', 'done', { timeout: 120_000 });

  const media = await mediaNamed(stack.applianceUrl, 'lecture-raw.mp4');
  expect(media).toHaveLength(1);
  expect(await storedSha256(stack.applianceUrl, stack.dataDir, media[0]!.id)).toBe(await fileSha256(file));
});
