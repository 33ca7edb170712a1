import { expect, test } from '../support/fixtures.js';
import { tab } from '../support/ui.js';

test('pairing: a wrong token says so, the right one shows the empty library', async ({ page, stack }, testInfo) => {
  await page.goto(stack.host.url);
  await expect(page.getByRole('heading', { name: 'Pair with your appliance' })).toBeVisible();
  await testInfo.attach('pairing screen', { body: await page.screenshot(), contentType: 'image/png' });

  await page.getByLabel('Server URL').fill(stack.applianceUrl);
  await page.getByLabel('Access token').fill('bib_this-is-not-a-valid-token');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('token-error')).toBeVisible();
  await expect(page.getByTestId('token-error')).toContainText(/token/i);

  await page.getByLabel('Server URL').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('serverUrl-error')).toBeVisible();

  await stack.pair(page);
  await tab(page, 'Library').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await testInfo.attach('empty library', { body: await page.screenshot(), contentType: 'image/png' });
});
