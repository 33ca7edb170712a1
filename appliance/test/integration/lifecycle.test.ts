import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, createUpload, FINISHED_UPLOAD_STATUSES, headOffset, killEmbeddedRedis, patch, randomData, runAdmin, runEntry, startAppliance, tempDir, waitFor } from '@biblio/test-support';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of dirs) {
    await killEmbeddedRedis(dir);
    await rm(dir, { recursive: true, force: true });
  }
});

/** Runs the appliance entry point to completion (it is expected to fail at start). */
function startExpectingFailure(env: Record<string, string>) {
  return runEntry('appliance/src/main/appliance.ts', [], { ...process.env, BIBLIO_PORT: '0', ...env });
}

/** A PATH holding only node and the named system tools, to simulate a machine without the others. */
async function pathWith(tools: string[]): Promise<string> {
  const bin = await mkdtemp(path.join(tmpdir(), 'biblio-path-'));
  dirs.push(bin);
  await symlink(process.execPath, path.join(bin, 'node'));
  for (const tool of tools) await symlink(`/usr/bin/${tool}`, path.join(bin, tool));
  return bin;
}

describe('startup checks', () => {
  it('fails fast naming a bad variable', async () => {
    const { code, stderr } = await startExpectingFailure({ BIBLIO_DATA_DIR: await dataDir(), BIBLIO_UPLOAD_TTL: 'soon' });
    expect(code).toBe(2);
    expect(stderr).toContain('BIBLIO_UPLOAD_TTL');
    expect(stderr).toContain('soon');
  });

  it('names a missing redis-server and the command that installs it', async () => {
    const { code, stderr } = await startExpectingFailure({
      BIBLIO_DATA_DIR: await dataDir(),
      PATH: await pathWith(['ffmpeg', 'ffprobe']),
    });
    expect(code).toBe(3);
    expect(stderr).toContain('redis-server');
    expect(stderr).toContain('apt-get install -y redis-server');
  });

  it('names a missing ffmpeg and the command that installs it', async () => {
    const { code, stderr } = await startExpectingFailure({ BIBLIO_DATA_DIR: await dataDir(), PATH: await pathWith([]) });
    expect(code).toBe(3);
    expect(stderr).toContain('ffmpeg');
    expect(stderr).toContain('apt-get install -y ffmpeg');
  });
});

describe('roles', () => {
  it('refuses split roles on the embedded database and Redis, naming what to set', async () => {
    const { code, stderr } = await runEntry('appliance/src/main/appliance.ts', ['--role', 'worker'], { ...process.env, BIBLIO_DATA_DIR: await dataDir() });
    expect(code).toBe(2);
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).toContain('REDIS_URL');
    expect(stderr).toContain('--role worker');
  });

  it('refuses an unknown role', async () => {
    const { code, stderr } = await runEntry('appliance/src/main/appliance.ts', ['--role', 'chef'], { ...process.env });
    expect(code).toBe(64);
    expect(stderr).toContain('--role must be one of all, api, worker');
  });
});

describe('first start, SIGTERM and restart', () => {
  it('prints an admin token once, shuts down cleanly and loses nothing on restart', async () => {
    const dir = await dataDir();
    const first = await startAppliance({ dataDir: dir, env: { BIBLIO_ADMIN_TOKEN: '' } });
    const token = await waitFor('the first-start token', async () => /^(bib_\S+)$/m.exec(first.output())?.[1], 10_000);
    expect((await api(first.url, token, '/api/me')).json).toMatchObject({ name: 'admin', isAdmin: true });

    const second = await startExpectingFailure({ BIBLIO_DATA_DIR: dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/in use by the Biblio appliance \(pid \d+\)/);

    const done = await createUpload(first.url, token, 4, undefined, {}, Buffer.from('abcd'));
    const partial = await createUpload(first.url, token, 1000);
    await patch(first.url, token, partial.mediaId!, 0, randomData(600));
    expect(await first.stop()).toBe(0);

    const again = await startAppliance({ dataDir: dir, env: { BIBLIO_ADMIN_TOKEN: '' } });
    try {
      expect(again.output()).not.toMatch(/^bib_/m);
      expect(FINISHED_UPLOAD_STATUSES).toContain((await api(again.url, token, `/api/media/${done.mediaId}`)).json.status);
      expect((await headOffset(again.url, token, partial.mediaId!)).offset).toBe(600);
      expect((await api(again.url, undefined, '/healthz')).status).toBe(200);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });
});

describe('logs', () => {
  it('are JSON lines with the request id and media id, and never contain a token', async () => {
    const app = await startAppliance({ dataDir: await dataDir(), env: { BIBLIO_LOG_LEVEL: 'debug' } });
    try {
      const created = await createUpload(app.url, ADMIN_TOKEN, 4, undefined, {}, Buffer.from('abcd'));
      await api(app.url, ADMIN_TOKEN, `/api/media/${created.mediaId}`);
      await api(app.url, 'bib_wrong-token-that-must-not-be-logged', '/api/media');
      const parse = () =>
        app
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      // The child's stdout reaches us a moment after the response does.
      await waitFor('three request lines', async () => parse().filter((l) => l['msg'] === 'request').length >= 3, 10_000);
      const lines = parse();
      const requests = lines.filter((l) => l['msg'] === 'request');
      expect(requests.every((l) => typeof l['requestId'] === 'string')).toBe(true);
      const post = requests.find((l) => l['method'] === 'POST' && l['mediaId'] === created.mediaId);
      expect(post, 'the tus POST line names the media it created').toBeDefined();
      expect(lines.some((l) => l['msg'] === 'pipeline published' && l['mediaId'] === created.mediaId)).toBe(true);
      expect(app.output()).not.toContain(ADMIN_TOKEN);
      expect(app.output()).not.toContain('bib_wrong-token-that-must-not-be-logged');
    } finally {
      await app.stop();
    }
  });
});

describe('admin CLI', () => {
  it('manages users with and without a running appliance', async () => {
    const dir = await dataDir();
    // No appliance running: the CLI opens the embedded database itself.
    const carol = await runAdmin(dir, ['create-user', 'carol', '--admin']);
    expect(carol.code, carol.stderr).toBe(0);
    const carolToken = carol.stdout.trim().split('\n').pop()!;
    expect(carolToken).toMatch(/^bib_/);

    const app = await startAppliance({ dataDir: dir });
    try {
      expect((await api(app.url, carolToken, '/api/me')).json).toMatchObject({ name: 'carol', isAdmin: true });

      // Appliance running: the CLI goes through its admin socket.
      const dave = await runAdmin(dir, ['create-user', 'dave']);
      expect(dave.code, dave.stderr).toBe(0);
      const daveToken = dave.stdout.trim().split('\n').pop()!;
      expect((await api(app.url, daveToken, '/api/me')).json).toMatchObject({ name: 'dave', isAdmin: false });

      const list = await runAdmin(dir, ['list-users']);
      expect(list.stdout).toMatch(/^carol\tadmin\t/m);
      expect(list.stdout).toMatch(/^dave\tuser\t/m);

      const duplicate = await runAdmin(dir, ['create-user', 'dave']);
      expect(duplicate.code).toBe(1);
      expect(duplicate.stderr).toContain('already exists');

      expect((await runAdmin(dir, ['revoke-token', daveToken])).code).toBe(0);
      expect((await api(app.url, daveToken, '/api/me')).status).toBe(401);
      expect((await runAdmin(dir, ['revoke-token', daveToken])).code).toBe(1);

      const usage = await runAdmin(dir, ['make-coffee']);
      expect(usage.code).toBe(64);
      expect(usage.stderr).toContain('usage: npm run admin');
    } finally {
      await app.stop();
    }
  });
});
