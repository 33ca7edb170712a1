import { rawVideo, sha256File } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { limitBandwidth, queueRow, rowProgress } from '../support/ui.js';

test('the desktop process is killed mid-upload: the queue comes back and resumes', async ({ pairedPage: page, stack, filesDir }) => {
  // Real (uncompressed) video: random bytes are now refused by the local FFmpeg check before upload.
  const file = rawVideo(filesDir, 'lecture-raw.avi', 6, 40); // ~17 MB
  await limitBandwidth(page, 2);
  await page.getByTestId('file-input').setInputFiles(file);
  const row = queueRow(page, 'lecture-raw.avi');
  await expect.poll(() => rowProgress(row), { timeout: 30_000 }).toBeGreaterThan(20);
  const before = await rowProgress(row);

  await stack.restartHost('kill');
  await page.goto(stack.host.url);
  const restored = queueRow(page, 'lecture-raw.avi');
  await expect(restored).toBeVisible();
  // A restored row learns the server's offset when its upload restarts (HEAD); from then on it
  // must show that offset, not zero: it resumes rather than starting over.
  await expect(restored).toHaveAttribute('data-state', /uploading|done/, { timeout: 30_000 });
  expect(await rowProgress(restored)).toBeGreaterThanOrEqual(Math.min(before, 20) - 5);
  await expect(restored).toHaveAttribute('data-state', 'done', { timeout: 120_000 });

  const media = await stack.mediaNamed('lecture-raw.avi');
  expect(media).toHaveLength(1);
  expect(await stack.storedSha256(media[0]!.id)).toBe(await sha256File(file));
});
