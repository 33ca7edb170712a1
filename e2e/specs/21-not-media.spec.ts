import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_TOKEN, api } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { queueRow } from '../support/ui.js';

test('a non-media file is refused before upload, in plain words, with no Retry; Upload anyway lets the appliance decide', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  const notes = path.join(filesDir, 'meeting-notes.txt');
  await writeFile(notes, 'Agenda: budget, hiring, the new reading room.\n'.repeat(40));
  await page.getByTestId('file-input').setInputFiles(notes);
  const row = queueRow(page, 'meeting-notes.txt');
  await expect(row).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  await expect(row.getByTestId('row-status')).toHaveText('Not uploaded');
  const reason = row.getByTestId('refused-reason');
  // FFmpeg reads long text as "tty" (ANSI art): it is named for what it is.
  await expect(reason).toContainText(/This \.txt file (is text, not|is not) a video or audio recording/);
  await expect(row).not.toContainText(/octet-stream|application\//);
  await expect(row.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Upload anyway' })).toBeVisible();
  expect(((await api(stack.applianceUrl, ADMIN_TOKEN, '/api/media')).json as { media: unknown[] }).media).toEqual([]);
  await testInfo.attach('refused before upload', { body: await page.screenshot(), contentType: 'image/png' });

  // The appliance accepts only audio and video: it says no, plainly, and Retry is still not offered.
  await row.getByRole('button', { name: 'Upload anyway' }).click();
  await expect(row).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(row.getByTestId('upload-error')).toContainText('accepts only video and audio');
  await expect(row).not.toContainText(/octet-stream|application\//);
  await expect(row.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await testInfo.attach('the appliance said no too', { body: await page.screenshot(), contentType: 'image/png' });
});
