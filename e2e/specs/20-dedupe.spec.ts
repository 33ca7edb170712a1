import { ADMIN_TOKEN, api, rawVideo } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { queueRow } from '../support/ui.js';

async function mediaCount(applianceUrl: string): Promise<number> {
  return ((await api(applianceUrl, ADMIN_TOKEN, '/api/media?limit=100')).json as { media: unknown[] }).media.length;
}

test('re-adding the same file offers the existing media and uploads 0 bytes; Upload anyway still can', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  const file = rawVideo(filesDir, 'field-recording.avi', 2, 5);
  await page.getByTestId('file-input').setInputFiles(file);
  const first = queueRow(page, 'field-recording.avi').first();
  await expect(first).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const [original] = await stack.mediaNamed('field-recording.avi');
  expect(original).toBeDefined();

  // The same file again: the browser host stages a second copy, so only its content can tell.
  await page.getByTestId('file-input').setInputFiles(file);
  const rows = queueRow(page, 'field-recording.avi');
  await expect(rows).toHaveCount(2);
  const again = rows.nth(1);
  await expect(again).toHaveAttribute('data-state', 'duplicate', { timeout: 30_000 });
  await expect(again.getByTestId('row-status')).toHaveText('Already in library');
  await expect(again.getByTestId('duplicate-notice')).toContainText('Already in your library as');
  await expect(again.getByTestId('duplicate-link')).toHaveAttribute('href', `#/m/${original!.id}`);
  await expect(again.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  // Nothing was created on the appliance: no second media, so no upload and 0 bytes received.
  expect(await mediaCount(stack.applianceUrl)).toBe(1);
  await testInfo.attach('already in your library', { body: await page.screenshot(), contentType: 'image/png' });

  await again.getByRole('button', { name: 'Upload anyway' }).click();
  await expect(again).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect.poll(() => mediaCount(stack.applianceUrl)).toBe(2);
});
