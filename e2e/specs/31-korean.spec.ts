import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_TOKEN, api, rawVideo, REPO_ROOT } from '@biblio/test-support';
import type { Page } from '@playwright/test';
import { seedTalk } from '../support/library-seed.js';
import { expect, test } from '../support/fixtures.js';

/**
 * Biblio in Korean: a ko-KR browser gets the Korean UI without asking (navigator.language), on
 * every main screen: pairing, the upload queue (progress, speed, time left, a duplicate), the
 * library, a recording's detail and shortcuts, and Settings, where English can be chosen instead
 * and the choice survives a reload. No English word may show besides names and units.
 */
test.use({ locale: 'ko-KR' });

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

/**
 * Product names, units, codes, "English" as the language picker names it, example values (the
 * address and token shapes) and what the seeded media themselves say (names, the spoken transcript).
 */
const ALLOWED_WORDS = new Set(['English', 'Biblio', 'FFmpeg', 'tus', 'URL', 'ID', 'HLS', 'MiB', 'kB', 'KB', 'MB', 'GB', 'TB', 'EN', 'vtt', 'srt', 'json', 'SRT', 'WebVTT', 'JSON', 'linux', 'admin']);
const ALLOWED_PHRASES = ['harbour-talk.mp4', 'raw-clip.avi', 'raw-clip', 'npm run admin -- create-user NAME', 'http://192.168.1.20:8080', '/home/me/Videos/lecture.mp4'];
/** The spoken-language picker names each language in that language (English is in ALLOWED_WORDS). */
const LANGUAGE_NAMES = ['Español', 'Français', 'Deutsch'];
/** What the appliance calls its engines (e.g. 'pocketsphinx (en-us)'), read from its /healthz: data, not wording. */
const ENGINE_NAMES: string[] = [];

/** The English words a person can see: page text, placeholders and labels of visible controls, minus media content. */
async function englishWords(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    // What was said in the recordings is content, not wording of ours.
    const content = Array.from(document.querySelectorAll<HTMLElement>('.segment-text, .hit-text'), (e) => e.innerText);
    let text = document.body.innerText;
    for (const said of content) text = text.split(said).join(' ');
    const attributes = Array.from(document.querySelectorAll<HTMLElement>('[placeholder], [aria-label], [alt]'))
      .filter((e) => e.checkVisibility())
      .flatMap((e) => ['placeholder', 'aria-label', 'alt'].map((name) => e.getAttribute(name) ?? ''));
    return [text, ...attributes];
  });
  return texts.flatMap((text) => {
    let rest = text;
    for (const phrase of [...ALLOWED_PHRASES, ...LANGUAGE_NAMES, ...ENGINE_NAMES]) rest = rest.split(phrase).join(' ');
    // A token's shape (bib_…) or the saved token's hint (test…cdef) is data, not wording.
    rest = rest.replace(/[\w-]+…[\w-]*/g, ' ');
    return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((word: string) => !ALLOWED_WORDS.has(word));
  });
}

async function expectKorean(page: Page): Promise<void> {
  await expect.poll(() => englishWords(page), { timeout: 5_000 }).toEqual([]);
}

const tab = (page: Page, name: '업로드' | '라이브러리' | '설정' | 'Upload' | 'Library' | 'Settings') =>
  page.getByRole('navigation').getByRole('button', { name, exact: true });

test('a Korean browser gets Biblio in Korean on every main screen', async ({ page, stack, filesDir }) => {
  test.setTimeout(420_000);
  const talk = await seedTalk(stack.applianceUrl, ADMIN_TOKEN, filesDir);
  const health = (await api(stack.applianceUrl, undefined, '/healthz')).json as { components: Record<string, { engine?: string }> };
  ENGINE_NAMES.push(...Object.values(health.components).flatMap((component) => (component.engine ? [component.engine] : [])));
  await page.setViewportSize({ width: 1280, height: 900 });

  // Pairing, in Korean from the first screen.
  await page.goto(stack.host.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { name: '서버와 페어링' })).toBeVisible();
  await expectKorean(page);
  await shoot(page, 'ko-pair.png');
  await page.locator('#serverUrl').fill(stack.applianceUrl);
  await page.locator('#token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('connection-status')).toContainText('연결됨');

  // A slow upload shows its progress, speed and time left in Korean.
  await page.locator('#limit').fill('0.3');
  await page.getByRole('button', { name: '환경설정 저장' }).click();
  await expect(page.getByText('환경설정을 저장했어요.')).toBeVisible();
  await tab(page, '업로드').click();
  await expect(page.getByRole('heading', { name: '업로드', level: 1 })).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(rawVideo(filesDir, 'raw-clip.avi', 2));
  const row = page.getByTestId('queue-row').filter({ hasText: 'raw-clip.avi' });
  await expect(row.getByTestId('eta')).toContainText('남음');
  await expect(row.getByTestId('speed')).toContainText('/s');
  await expectKorean(page);
  await shoot(page, 'ko-upload-progress.png');

  // The talk is already in the library: a duplicate, said in Korean.
  await page.getByTestId('file-input').setInputFiles(talk.file);
  const duplicate = page.getByTestId('queue-row').filter({ hasText: 'harbour-talk.mp4' });
  await expect(duplicate.getByTestId('duplicate-notice')).toContainText('이미 라이브러리에');
  await expect(duplicate.getByTestId('row-status')).toHaveText('이미 라이브러리에 있음');
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(row.getByTestId('processing')).toHaveAttribute('data-status', 'READY', { timeout: 120_000 });
  await expectKorean(page);
  await shoot(page, 'ko-upload.png');

  // The library.
  await tab(page, '라이브러리').click();
  const cards = page.getByTestId('library-row');
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId('library-end')).toHaveText('미디어 2개');
  await expect(cards.first().getByTestId('card-poster')).toBeVisible();
  await expectKorean(page);
  await shoot(page, 'ko-library.png');

  // A recording: player, transcript, actions, shortcuts.
  await cards.filter({ hasText: 'harbour-talk.mp4' }).getByRole('button').first().click();
  await expect(page.getByTestId('media-detail')).toHaveAttribute('data-media-id', talk.id);
  await expect(page.getByTestId('transcript-segment').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '자막 켜짐' })).toBeVisible();
  await expectKorean(page);
  await shoot(page, 'ko-detail.png');
  await page.getByRole('heading', { level: 2 }).click();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('10초 뒤로');
  await expectKorean(page);
  await shoot(page, 'ko-shortcuts.png');
  await page.keyboard.press('Escape');

  // Settings, then English by choice, kept by the core across a reload; Automatic is Korean again.
  await tab(page, '설정').click();
  await expect(page.getByRole('heading', { name: '업로드 환경설정' })).toBeVisible();
  await expectKorean(page);
  await shoot(page, 'ko-settings.png');
  await page.locator('#language').selectOption('en');
  await page.getByRole('button', { name: '환경설정 저장' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(tab(page, 'Settings')).toBeVisible();
  await page.reload();
  await expect(tab(page, 'Library')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await tab(page, 'Settings').click();
  await page.locator('#language').selectOption('auto');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(tab(page, '설정')).toBeVisible();
});
