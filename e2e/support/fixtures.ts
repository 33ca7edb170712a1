import { rm } from 'node:fs/promises';
import { test as base, type Page } from '@playwright/test';
import { tempDir } from '@biblio/test-support';
import { Stack } from './stack.js';

interface SpecFixtures {
  /** A fresh appliance and desktop host for this test, disposed after it. */
  stack: Stack;
  /** The UI of `stack`, already paired with its appliance as the admin. */
  pairedPage: Page;
  /** A temp folder for the files this test uploads, removed after it. */
  filesDir: string;
}

/**
 * What every spec starts from. Each spec holds one test, so test-scoped fixtures give each spec
 * its own stack, as before; a worker-scoped one would be shared by every spec of the run.
 */
export const test = base.extend<SpecFixtures>({
  stack: [
    async ({}, use) => {
      const stack = await Stack.start();
      try {
        await use(stack);
      } finally {
        await stack.dispose();
      }
    },
    // Starting two processes is not the test: its own budget, outside the test's timeout.
    { timeout: 120_000 },
  ],
  pairedPage: async ({ page, stack }, use) => {
    await stack.pair(page);
    await use(page);
  },
  filesDir: async ({}, use) => {
    const dir = await tempDir('biblio-e2e-files-');
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
