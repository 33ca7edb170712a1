import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, REPO_ROOT, startAppliance } from '@biblio/test-support';

/**
 * The appliance as the docker image runs it: compiled by `npm run build:appliance` and started
 * with plain node, no TypeScript loader. Catches what only the compiled layout breaks: a file
 * read next to the code and not copied, a workspace package resolving to its sources.
 */
describe('compiled appliance (npm run build:appliance)', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build-appliance.mjs'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
  }, 200_000);

  it('starts from appliance/dist, migrates its database, serves and stops cleanly', async () => {
    const app = await startAppliance({ entry: 'appliance/dist/main/appliance.js' });
    try {
      const cmdline = (await readFile(`/proc/${app.child.pid}/cmdline`, 'utf8')).split('\0');
      expect(cmdline).toContain(path.join(REPO_ROOT, 'appliance/dist/main/appliance.js'));
      expect(cmdline.join(' ')).not.toContain('tsx');
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);
      // A database query: every migration ran from the compiled code.
      const media = await fetch(`${app.url}/api/media`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(media.status).toBe(200);
    } finally {
      expect(await app.stop(), app.output()).toBe(0);
    }
  });
});
