import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_TOKEN, api } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { queueRow, tab } from '../support/ui.js';

test('a spoofed file is refused before upload; sent anyway, the appliance rejects it with the reason, and nothing playable is made', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  // A program named like a video. Not random bytes: FFmpeg's probe now and then reads random
  // data as MPEG audio (a clean-clone run uploaded such a file instead of refusing it).
  const file = path.join(filesDir, 'holiday.mp4');
  await copyFile('/bin/ls', file);
  await page.getByTestId('file-input').setInputFiles(file);
  const row = queueRow(page, 'holiday.mp4');
  // The local FFmpeg cannot read it: refused here, before a byte is sent.
  await expect(row).toHaveAttribute('data-state', 'refused');
  await expect(row.getByTestId('refused-reason')).toContainText(/not a video or audio recording/i);
  expect(await stack.mediaNamed('holiday.mp4')).toEqual([]);

  // Upload anyway: now the appliance is the judge, and its verdict is the row's one status.
  await row.getByRole('button', { name: 'Upload anyway' }).click();
  await expect(row.getByTestId('media-error')).toContainText(/not a supported video or audio format/i, { timeout: 60_000 });
  await expect(row.getByTestId('row-status')).toHaveText('Rejected');
  await expect(row.getByText('Uploaded', { exact: true })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await testInfo.attach('rejected in the queue', { body: await page.screenshot(), contentType: 'image/png' });

  await tab(page, 'Library').click();
  const media = page.getByTestId('library-row').filter({ hasText: 'holiday.mp4' });
  await expect(media).toHaveAttribute('data-status', 'REJECTED');
  const [server] = await stack.mediaNamed('holiday.mp4');
  expect(server?.status).toBe('REJECTED');
  expect((await api(stack.applianceUrl, ADMIN_TOKEN, `/api/media/${server!.id}/playback`)).status).toBe(409);
});
