import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_TOKEN, api, createUpload, ffmpeg, REPO_ROOT, waitFor } from '@biblio/test-support';
import { expect, test } from '../support/fixtures.js';
import { tab } from '../support/ui.js';

/**
 * Editing a transcript in the app: a READY recording whose subtitles were imported through the
 * API (one speaker tagged "KIM:"), a line edited in place, the speaker renamed everywhere, and
 * search finding the new words and no longer the old ones; then a change made elsewhere turns
 * the next edit into a plain "reloaded, not saved" with the user's text kept.
 */
const SRT = [
  '1', '00:00:01,000 --> 00:00:03,000', 'KIM: The lighthouse keeper counts seagulls', '',
  '2', '00:00:04,000 --> 00:00:06,000', 'The harbour bridge needs new paint', '',
  '3', '00:00:07,000 --> 00:00:09,000', 'KIM: Tomorrow we wash the ferry', '',
].join('\n');
const FILENAME = 'quay-notes.mp3';

test('edit a line and a speaker in the app, then search finds the new words', async ({ pairedPage: page, stack, filesDir }) => {
  test.setTimeout(300_000);
  const base = stack.applianceUrl;
  const file = path.join(filesDir, FILENAME);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=12', '-c:a', 'libmp3lame', '-q:a', '6', file]);
  const body = await readFile(file);
  const created = await createUpload(base, ADMIN_TOKEN, body.length, { filename: FILENAME, filetype: 'audio/mpeg', language: 'en' }, {}, body);
  expect(created.status).toBe(201);
  const id = created.mediaId!;
  await waitFor('the recording READY', async () => (await api(base, ADMIN_TOKEN, `/api/media/${id}`)).json.status === 'READY', 180_000, 1_000);
  const put = await api(base, ADMIN_TOKEN, `/api/media/${id}/transcript`, { method: 'PUT', headers: { 'Content-Type': 'application/x-subrip' }, body: SRT });
  expect(put.status, put.text).toBe(200);

  await page.setViewportSize({ width: 1440, height: 900 });
  await tab(page, 'Library').click();
  await page.getByTestId('library-row').filter({ hasText: FILENAME }).getByRole('button').first().click();
  const lines = page.getByRole('list', { name: 'Transcript' });
  await expect(lines).toContainText('needs new paint');
  await expect(page.getByTestId('transcript-source')).toContainText('Imported subtitles');

  // Edit mode: a click on a line opens it; typing new words and Enter saves them.
  await page.getByRole('button', { name: 'Edit transcript' }).click();
  await page.getByTestId('transcript-segment').filter({ hasText: 'needs new paint' }).click();
  const editor = page.getByTestId('segment-editor').getByRole('textbox');
  await expect(editor).toBeFocused();
  await editor.fill('The harbour bridge welcomes marmalade sailors');
  await editor.press('Enter');
  await expect(page.getByTestId('segment-editor')).toHaveCount(0);
  await expect(lines).toContainText('welcomes marmalade sailors');
  await expect(lines).not.toContainText('needs new paint');
  await expect(page.getByTestId('transcript-source')).toContainText('Edited');

  // Renaming a speaker applies to every line of that speaker.
  const chips = page.getByTestId('speaker-chip');
  await expect(chips.filter({ hasText: /^KIM$/ })).toHaveCount(2);
  await chips.filter({ hasText: /^KIM$/ }).first().click();
  await page.getByTestId('speaker-form').getByLabel('Speaker name').fill('Captain Kim');
  await page.getByRole('button', { name: 'Rename everywhere' }).click();
  await expect(chips.filter({ hasText: 'Captain Kim' })).toHaveCount(2);
  await expect(chips.filter({ hasText: /^KIM$/ })).toHaveCount(0);

  // The history: the engine's transcript, the import, the edit and the rename, newest first.
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByTestId('version-row')).toHaveCount(4);
  await expect(page.getByTestId('version-row').first()).toContainText('(current)');
  await expect(page.getByTestId('version-row').last()).toContainText('speech-to-text');
  const shots = path.join(REPO_ROOT, 'docs', 'screenshots');
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'transcript-edit.png') });

  // Search (the app's search box) finds the new words and no longer the old ones.
  const search = page.getByLabel('Search transcripts');
  await search.fill('marmalade sailors');
  await search.press('Enter');
  await expect(page.getByTestId('search-result').first()).toContainText('welcomes marmalade sailors');
  await expect(page.getByTestId('search-result').first()).toContainText(FILENAME);
  await search.fill('needs new paint');
  await search.press('Enter');
  await expect(page.getByText('No results for “needs new paint”')).toBeVisible();
  await expect(page.getByTestId('search-result')).toHaveCount(0);

  // A change made elsewhere first: the app reloads, says so, and keeps the text typed here.
  const current = (await api(base, ADMIN_TOKEN, `/api/media/${id}/transcript.json`)).json as { version: number };
  const elsewhere = await api(base, ADMIN_TOKEN, `/api/media/${id}/transcript/segments/2`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: current.version, text: 'Tomorrow we paint the ferry blue' }),
  });
  expect(elsewhere.status, elsewhere.text).toBe(200);
  await page.getByTestId('transcript-segment').filter({ hasText: 'lighthouse keeper' }).click();
  await page.getByTestId('segment-editor').getByRole('textbox').fill('The lighthouse keeper feeds seagulls');
  await page.getByTestId('segment-editor').getByRole('textbox').press('Enter');
  const notice = page.getByTestId('stale-notice');
  await expect(notice).toContainText('Someone changed this transcript; reloaded — your edit was not saved.');
  await expect(notice.getByRole('textbox')).toHaveValue('The lighthouse keeper feeds seagulls');
  await expect(lines).toContainText('Tomorrow we paint the ferry blue');
  await expect(lines).toContainText('counts seagulls');
});
