import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_TOKEN, api, createUpload, ffmpeg, REPO_ROOT, talkingVideo, waitFor } from '@biblio/test-support';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { tab } from '../support/ui.js';

/**
 * Search as people use it, in Korean and English: a recording titled in Korean and one with an
 * English transcript, seeded through the API. Korean typed through the IME (composition events)
 * brings suggestions, asked once per composed syllable, not per half-built one; a word shows
 * results grouped by recording with the matches in <mark>; clearing the box clears them; a query
 * with no hits says so with suggestions; the upload form's language warns what the engine cannot do.
 */
const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const KOREAN_TITLE = '데이터베이스 강의';
const LINES = [
  { text: 'The river flows past the old library.', atSec: 1 },
  { text: 'Students walk along the river every morning.', atSec: 7 },
  { text: 'The museum by the river opens at nine.', atSec: 14 },
];

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

async function upload(base: string, file: string, metadata: Record<string, string>): Promise<void> {
  const body = await readFile(file);
  const res = await createUpload(base, ADMIN_TOKEN, body.length, metadata, {}, body);
  if (res.status !== 201) throw new Error(`upload of ${metadata['filename']} answered ${res.status}: ${res.body}`);
}

/** Types `syllables` as a Korean IME does: each syllable composed jamo by jamo, then committed. */
async function composeKorean(page: Page, syllables: { steps: string[]; commit: string }[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  for (const { steps, commit } of syllables) {
    for (const step of steps) await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
    await cdp.send('Input.insertText', { text: commit });
  }
  await cdp.detach();
}

test('search in Korean and English: suggestions while composing, grouped highlighted results, clear, no results', async ({ pairedPage: page, stack, filesDir }) => {
  test.setTimeout(420_000);
  const base = stack.applianceUrl;
  const talk = await talkingVideo(filesDir, LINES, { seconds: 20, name: 'river-talk.mp4' });
  await upload(base, talk.file, { filename: 'river-talk.mp4', filetype: 'video/mp4', language: 'en' });
  const tone = path.join(filesDir, 'db-lecture.mp3');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', '-q:a', '6', tone]);
  await upload(base, tone, { filename: 'db-lecture.mp3', filetype: 'audio/mpeg', title: KOREAN_TITLE, language: 'ko' });
  await waitFor(
    'both media READY',
    async () => {
      const { media } = (await api(base, ADMIN_TOKEN, '/api/media?limit=10')).json as { media: { status: string }[] };
      if (media.some((m) => m.status === 'FAILED' || m.status === 'REJECTED')) throw new Error('a seeded media failed');
      return media.length === 2 && media.every((m) => m.status === 'READY');
    },
    300_000,
    1_000,
  );

  // Count what the renderer asks the core over the host's socket.
  const suggestRequests: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => String(payload).includes('library:suggest') && suggestRequests.push(String(payload))));
  await page.reload();
  await tab(page, 'Library').click();
  const box = page.getByRole('combobox', { name: 'Search transcripts' });
  await box.click();

  // Korean through the IME: 데, 이 composed jamo by jamo; suggestions show the Korean title.
  await composeKorean(page, [
    { steps: ['ㄷ', '데'], commit: '데' },
    { steps: ['ㅇ', '이'], commit: '이' },
  ]);
  await expect(box).toHaveValue('데이');
  const suggestions = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(suggestions.getByRole('option', { name: new RegExp(KOREAN_TITLE) })).toBeVisible();
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  // No request for a half-built syllable (ㄷ, ㅇ): at most one per committed text.
  expect(suggestRequests.some((frame) => /"ㄷ"|"데ㅇ"|"ㅇ"/.test(frame))).toBe(false);
  expect(suggestRequests.length).toBeLessThanOrEqual(2);
  await shoot(page, 'search-suggest-korean.png');

  // Keyboard: Escape closes the list, down reopens it on the title, Enter searches it; the hit
  // says it matched the title.
  await box.press('Escape');
  await expect(suggestions).toBeHidden();
  await expect(box).toHaveValue('데이');
  await box.press('ArrowDown');
  const first = suggestions.getByRole('option').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await box.press('Enter');
  await expect(box).toHaveValue(KOREAN_TITLE);
  await expect(suggestions).toBeHidden();
  const titleHit = page.getByTestId('search-result').first();
  await expect(titleHit).toHaveAttribute('data-field', 'title');
  await expect(titleHit.locator('mark').first()).toBeVisible();

  // An English word said three times (and in the file name): one group, the best moment first,
  // the others behind "N more moments", as many as the appliance found.
  const answer = (await api(base, ADMIN_TOKEN, '/api/search?q=river&limit=50')).json as { groups: { moments: unknown[] }[] };
  expect(answer.groups).toHaveLength(1);
  const moments = answer.groups[0]!.moments.length;
  expect(moments).toBeGreaterThanOrEqual(2);
  await box.fill('river');
  const groups = page.getByTestId('search-group');
  await expect(groups).toHaveCount(1);
  const group = groups.first();
  await expect(group).toContainText('river-talk.mp4');
  await expect(group.locator('mark').first()).toHaveText(/river/i);
  await expect(group.getByTestId('search-result')).toHaveCount(1);
  const more = group.getByRole('button', { name: moments === 2 ? '1 more moment' : `${moments - 1} more moments` });
  await more.click();
  await expect(group.getByTestId('search-result')).toHaveCount(moments);
  await expect(group.locator('[data-testid="search-result"]:not(:has(mark))')).toHaveCount(0);
  await shoot(page, 'search-results.png');

  // Clearing the box clears the results.
  await box.fill('');
  await expect(page.getByTestId('search-result')).toHaveCount(0);
  await expect(page.getByTestId('search-group')).toHaveCount(0);

  // Words never said or written, with a typo of one that was ("rivr"): "No results", and the
  // appliance's suggestions as chips; a chip searches it.
  await box.fill('xylophone quartz rivr');
  await expect(page.getByTestId('search-empty')).toContainText('No results');
  await expect(page.getByTestId('search-result')).toHaveCount(0);
  const chip = page.getByTestId('search-try').filter({ hasText: /^river$/ });
  await expect(chip).toBeVisible();
  await box.blur();
  await shoot(page, 'search-no-results.png');
  await chip.click();
  await expect(box).toHaveValue('river');
  await expect(page.getByTestId('search-group')).toHaveCount(1);

  // The upload form: the spoken language is remembered, and the engine's limits are shown.
  await tab(page, 'Upload').click();
  const language = page.getByLabel('Spoken language');
  await language.selectOption('ko');
  const health = (await api(base, undefined, '/healthz')).json as { components: Record<string, { engine: string; languages?: string[] }> };
  const stt = health.components['stt'];
  if (stt?.languages) {
    await expect(page.getByTestId('stt-engine')).toContainText(stt.engine);
    if (!stt.languages.includes('*') && !stt.languages.includes('ko')) {
      await expect(page.getByTestId('language-warning')).toContainText(`${stt.engine} transcribes`);
    }
  }
  await shoot(page, 'search-upload-language.png');
  await page.reload();
  await expect(page.getByLabel('Spoken language')).toHaveValue('ko');

  // An upload from the form carries the chosen language to the appliance.
  const korean = path.join(filesDir, 'korean-meeting.mp3');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=520:duration=2', '-c:a', 'libmp3lame', '-q:a', '6', korean]);
  await page.getByTestId('file-input').setInputFiles(korean);
  const uploaded = await waitFor('the form upload on the appliance', async () => {
    const { media } = (await api(base, ADMIN_TOKEN, '/api/media?limit=10')).json as { media: { filename: string; language: string | null }[] };
    return media.find((m) => m.filename === 'korean-meeting.mp3');
  });
  expect(uploaded.language).toBe('ko');
});
