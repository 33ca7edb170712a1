import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { rawVideo } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { queueRow } from '../support/ui.js';

async function stagedFolders(stateDir: string): Promise<string[]> {
  return readdir(path.join(stateDir, 'staging')).catch(() => []);
}

test('the browser host reads a file in place when its path is known (typed, or revealed by a drop): no staged copy', async ({ pairedPage: page, stack, filesDir }, testInfo) => {
  const typed = rawVideo(filesDir, 'typed-path.avi', 1, 50);
  await page.getByLabel(/add a file or folder by its path/i).fill(typed);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const typedRow = queueRow(page, 'typed-path.avi');
  await expect(typedRow).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await testInfo.attach('added by path', { body: await page.screenshot(), contentType: 'image/png' });

  // A drop whose URI list names the file (what file managers put on a drag): the page sends the
  // File, the host confirms the path is that file, and the core reads it from there.
  const dropped = rawVideo(filesDir, 'dropped-path.avi', 1, 60);
  const info = await stat(dropped);
  const bytes = [...new Uint8Array(await readFile(dropped))];
  await page.getByTestId('drop-zone').evaluate(
    (zone, { bytes, name, lastModified, uri }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { lastModified }));
      transfer.setData('text/uri-list', uri);
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { bytes, name: 'dropped-path.avi', lastModified: Math.trunc(info.mtimeMs), uri: `file://${dropped}` },
  );
  const droppedRow = queueRow(page, 'dropped-path.avi');
  await expect(droppedRow).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  const items = (await page.evaluate(() => (window as unknown as { biblio: { invoke(channel: string): Promise<unknown> } }).biblio.invoke('queue:list'))) as { name: string; path: string }[];
  expect(items.find((i) => i.name === 'typed-path.avi')?.path).toBe(typed);
  expect(items.find((i) => i.name === 'dropped-path.avi')?.path).toBe(dropped);
  expect(await stagedFolders(stack.stateDir)).toEqual([]);
});
