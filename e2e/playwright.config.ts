import { defineConfig } from '@playwright/test';

/**
 * End-to-end: the real renderer (served by the desktop host) in Debian's Chromium, driving the
 * real desktop core against a real appliance. Browsers are never downloaded.
 */
export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  // Each spec starts its own appliance and host; two cores cannot run two stacks well.
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: './report' }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['BIBLIO_CHROMIUM'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
    viewport: { width: 1280, height: 860 },
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
