import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectron } from '../../scripts/electron-binary.js';
import { REPO_ROOT } from '@biblio/test-support';

/** The packaged shell itself, where its binary exists (it cannot be downloaded on every machine). */
const binary = installedElectron(REPO_ROOT);

test('the Electron app opens the pairing screen with a sandboxed, isolated window', async () => {
  test.skip(
    !binary,
    'Electron binary not installed: the electron package downloads it on first launch and this machine cannot reach its download host (ELECTRON_SKIP_BINARY_DOWNLOAD)',
  );
  const app = await electron.launch({ executablePath: binary!, args: [path.join(REPO_ROOT, 'desktop')] });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Pair with your appliance' })).toBeVisible();
  const isolated = await window.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined');
  expect(isolated).toBe(true);
  await app.close();
});
