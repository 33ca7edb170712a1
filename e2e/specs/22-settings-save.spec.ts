import { expect, test } from '../support/fixtures.js';
import { tab } from '../support/ui.js';

test('a wrong token or a dead address cannot be saved without "Save anyway"; the indicator never shows a stale "Connected"', async ({ pairedPage: page, stack }, testInfo) => {
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'connected');
  await tab(page, 'Settings').click();

  await page.getByLabel('Access token').fill('bib_this-is-not-a-valid-token');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('token-error')).toContainText(/rejected this token/);
  await expect(page.getByTestId('save-refused')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save anyway' })).toBeVisible();
  await testInfo.attach('wrong token refused', { body: await page.screenshot(), contentType: 'image/png' });
  // Nothing was saved: the app is still connected with the old token, also after a reload.
  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'connected');
  await expect(status).toContainText('as admin');

  await tab(page, 'Settings').click();
  await page.getByLabel('Server URL').fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('serverUrl-error')).toContainText(/cannot reach/);
  await expect(status).toHaveAttribute('data-state', 'connected');

  // Saved anyway: the indicator drops "Connected as admin" at once and says what is true.
  await page.getByRole('button', { name: 'Save anyway' }).click();
  await expect(status).not.toHaveAttribute('data-state', 'connected', { timeout: 5_000 });
  await expect(status).not.toContainText('as admin');
  await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('connection-test-ok')).toHaveCount(0);
  await testInfo.attach('saved anyway: not connected', { body: await page.screenshot(), contentType: 'image/png' });

  // Back to the right address (the saved token is tested and kept): connected again.
  await page.getByLabel('Server URL').fill(stack.applianceUrl);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(status).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
});
