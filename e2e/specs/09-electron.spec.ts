import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ROOT } from '../support/processes.js';

/** The packaged shell itself, where its binary exists (it cannot be downloaded on every machine). */
function electronBinary(): string | undefined {
  try {
    const binary = createRequire(path.join(ROOT, 'desktop/package.json'))('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();

test('the Electron app opens the pairing screen with a sandboxed, isolated window', async () => {
  test.skip(
    !binary,
    'Electron binary not installed: the electron package downloads it on first launch and this machine cannot reach its download host (ELECTRON_SKIP_BINARY_DOWNLOAD)',
  );
  const app = await electron.launch({ executablePath: binary!, args: [path.join(ROOT, 'desktop')] });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Pair with your appliance' })).toBeVisible();
  const isolated = await window.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined');
  expect(isolated).toBe(true);
  await app.close();
});
