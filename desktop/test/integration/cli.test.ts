import { spawn } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, headOffset, mediaNamed, NODE_HEAP_FLOOR_ARGS, pseudoRandomFile, randomFile, rawVideo, REPO_ROOT, sha256File, spawnEntry, waitFor } from '@biblio/test-support';
import { CountingProxy, removeTempDirs, startTestAppliance, storedFile, tempDir, type TestAppliance } from './helpers.js';

const CHUNK = 1024 * 1024;

let t: TestAppliance;
let dir: string;
beforeAll(async () => {
  t = await startTestAppliance('cli');
  dir = await tempDir('biblio-desk-cli-');
});
afterAll(async () => {
  await t?.stop();
  await removeTempDirs();
});

interface CliRun {
  child: ReturnType<typeof spawn>;
  events: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** The CLI in plain node (no npm/tsx wrapper), so SIGKILL hits the uploader itself. */
function runCli(args: string[], env: Record<string, string> = {}, viaNpm = false): CliRun {
  const child = viaNpm
    ? spawn('npm', ['run', '--silent', 'upload', '--', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawnEntry('desktop/src/cli/upload.ts', args, { ...process.env, ...env }, false, NODE_HEAP_FLOOR_ARGS);
  const events: Record<string, unknown>[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    const lines = stdout.split('\n');
    stdout = lines.pop()!;
    for (const line of lines) if (line.trim().startsWith('{')) events.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, events, stderr: () => stderr, exited };
}

describe('npm run upload (CLI)', () => {
  it('SIGKILLed midway, the same command resumes from the server offset: one media, identical bytes', async () => {
    const proxy = new CountingProxy(new URL(t.app.url));
    await proxy.start();
    try {
      const file = rawVideo(dir, 'lecture-kill.avi', 4);
      const size = (await readFile(file)).length;
      const stateDir = await tempDir('biblio-desk-cli-state-');
      const args = [file, '--server', proxy.url, '--token', t.token, '--rate-limit', '2M', '--chunk-size', String(CHUNK), '--json'];
      const env = { BIBLIO_CLIENT_STATE_DIR: stateDir };

      const first = runCli(args, env);
      // Polled every 20 ms: the kill must land midway, not after the upload finished.
      await waitFor('40% uploaded', () => first.events.some((e) => e['event'] === 'progress' && (e['uploadedBytes'] as number) > size * 0.4), 30_000, 20);
      first.child.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      const clientSent = Math.max(...first.events.filter((e) => e['event'] === 'progress').map((e) => e['uploadedBytes'] as number));
      const bytesRun1 = proxy.bytesUp;

      const queue = JSON.parse(await readFile(path.join(stateDir, 'queue.json'), 'utf8')) as { items: { uploadUrl: string }[] };
      const mediaId = queue.items[0]!.uploadUrl.split('/').pop()!;
      const offsetAtKill = Number((await headOffset(t.app.url, t.token, mediaId)).offset);
      expect(offsetAtKill).toBeGreaterThan(size * 0.4);

      const second = runCli(args, env);
      expect(await second.exited, second.stderr()).toBe(0);
      const resumed = second.events.find((e) => e['event'] === 'resumed');
      expect(resumed?.['offset']).toBe(offsetAtKill);
      const done = second.events.find((e) => e['event'] === 'done');
      expect(done?.['mediaId']).toBe(mediaId);
      expect(second.events.find((e) => e['event'] === 'validated')?.['mediaId']).toBe(mediaId);
      expect(second.events.at(-1)).toEqual({ event: 'summary', uploaded: 1, failed: 0, rejected: 0 });

      // Everything the two runs sent (HTTP headers and REST calls included) minus the file itself
      // bounds what the resume re-sent.
      const overhead = proxy.bytesUp - size;
      console.log(
        `resume after SIGKILL: file ${size} B, client had counted ${clientSent} B sent, server held ${offsetAtKill} B, ` +
          `run 1 put ${bytesRun1} B on the wire, both runs ${proxy.bytesUp} B: re-sent + all protocol overhead = ${overhead} B (chunk ${CHUNK} B)`,
      );
      expect(overhead).toBeLessThan(CHUNK);
      expect(overhead).toBeGreaterThanOrEqual(0);

      const media = await mediaNamed(t.app.url, t.token, 'lecture-kill.avi');
      expect(media.map((m) => m.id)).toEqual([mediaId]);
      expect(media[0]!.status).not.toBe('REJECTED');
      expect(await sha256File(storedFile(t, mediaId))).toBe(await sha256File(file));

      // Once more, after completion: nothing is uploaded again.
      const third = runCli(args, env);
      expect(await third.exited).toBe(0);
      expect(third.events.find((e) => e['event'] === 'done')?.['mediaId']).toBe(mediaId);
      expect(await mediaNamed(t.app.url, t.token, 'lecture-kill.avi')).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });

  it('follows a file to validation: "rejected: REASON" and exit 1 when the appliance refuses it; --no-wait ends at upload', async () => {
    // --upload-unreadable: past the local check (tested below), so the appliance is the judge.
    const fake = await pseudoRandomFile(dir, 'not-really-a-video.mp4', 64 * 1024);
    const env = { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') };
    const json = runCli([fake, '--upload-unreadable', '--server', t.app.url, '--token', t.token, '--json'], env);
    expect(await json.exited, json.stderr()).toBe(1);
    const rejected = json.events.find((e) => e['event'] === 'rejected');
    expect(rejected?.['file']).toBe(fake);
    expect(String(rejected?.['reason'])).not.toBe('');
    expect(json.events.at(-1)).toEqual({ event: 'summary', uploaded: 1, failed: 0, rejected: 1 });
    expect(json.stderr()).toContain(`${fake}: rejected: ${String(rejected?.['reason'])}`);

    const other = await pseudoRandomFile(dir, 'also-fake.mp4', 32 * 1024);
    const plain = runCli([other, '--upload-unreadable', '--server', t.app.url, '--token', t.token], { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') });
    let stdout = '';
    plain.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    expect(await plain.exited).toBe(1);
    expect(stdout).toMatch(/also-fake\.mp4: rejected: .+/);
    expect(stdout).toMatch(/1 uploaded, 0 failed, 1 rejected/);

    const third = await randomFile(dir, 'fake-no-wait.mp4', 16 * 1024);
    const noWait = runCli([third, '--no-wait', '--upload-unreadable', '--server', t.app.url, '--token', t.token, '--json'], { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') });
    expect(await noWait.exited, noWait.stderr()).toBe(0);
    expect(noWait.events.at(-1)).toEqual({ event: 'summary', uploaded: 1, failed: 0 });
  });

  it('refuses a file the local FFmpeg cannot read before upload: "refused: REASON", exit 1, nothing sent', async () => {
    // Fixed bytes: truly random ones now and then probe as some container (see precheck.test).
    const fake = await pseudoRandomFile(dir, 'holiday-fake.mp4', 48 * 1024);
    const run = runCli([fake, '--server', t.app.url, '--token', t.token, '--json'], { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') });
    expect(await run.exited, run.stderr()).toBe(1);
    const refused = run.events.find((e) => e['event'] === 'refused');
    expect(String(refused?.['reason'])).toMatch(/^This \.mp4 file is not a video or audio recording/);
    expect(run.events.at(-1)).toEqual({ event: 'summary', uploaded: 0, failed: 0, refused: 1, rejected: 0 });
    expect(run.stderr()).toContain(`${fake}: refused: `);
    expect(run.stderr()).toContain('--upload-unreadable');
    expect(await mediaNamed(t.app.url, t.token, 'holiday-fake.mp4')).toEqual([]);
  });

  it('content already in the library: "already in library: ID", exit 0, nothing uploaded; --upload-duplicates sends it; --token-file keeps the token off every output', async () => {
    const original = rawVideo(dir, 'dedupe-cli.avi', 1, 42);
    const tokenFile = path.join(await tempDir('biblio-desk-cli-token-'), 'token');
    await writeFile(tokenFile, `${t.token}\n`, { mode: 0o600 });
    const first = runCli([original, '--server', t.app.url, '--token-file', tokenFile, '--json'], { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') });
    expect(await first.exited, first.stderr()).toBe(0);
    const mediaId = first.events.find((e) => e['event'] === 'done')?.['mediaId'] as string;
    expect(mediaId).toBeTruthy();

    // Another copy, another machine's queue: only the content says it is the same.
    const copy = path.join(await tempDir('biblio-desk-cli-copy-'), 'dedupe-cli renamed.avi');
    await copyFile(original, copy);
    const plain = runCli([copy, '--server', t.app.url, '--token-file', tokenFile], { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') });
    let stdout = '';
    plain.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    expect(await plain.exited, plain.stderr()).toBe(0);
    expect(stdout).toContain(`${copy}: already in library: ${mediaId}`);
    expect(stdout).toMatch(/0 uploaded, 0 failed, 1 already in library, 0 rejected/);
    expect(`${stdout}${plain.stderr()}`).not.toContain(t.token);
    expect(await mediaNamed(t.app.url, t.token, 'dedupe-cli renamed.avi')).toEqual([]);

    const forced = runCli([copy, '--upload-duplicates', '--server', t.app.url, '--token-file', tokenFile, '--json'], { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') });
    expect(await forced.exited, forced.stderr()).toBe(0);
    const second = forced.events.find((e) => e['event'] === 'done')?.['mediaId'];
    expect(second).toBeTruthy();
    expect(second).not.toBe(mediaId);
    expect(forced.events.map((e) => JSON.stringify(e)).join('') + forced.stderr()).not.toContain(t.token);
  });

  it('a file named in NFD (as macOS names it) comes back NFC from the API, title included; the language is sent', async () => {
    const nfc = '데이터베이스 강의 3주차.avi';
    const file = rawVideo(dir, nfc.normalize('NFD'), 1);
    expect(path.basename(file)).not.toBe(nfc);
    const env = { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') };
    const run = runCli([file, '--server', t.app.url, '--token', t.token, '--json', '--language', 'ko'], env);
    expect(await run.exited, run.stderr()).toBe(0);
    const mediaId = run.events.find((e) => e['event'] === 'done')?.['mediaId'] as string;
    const { json } = await api(t.app.url, t.token, `/api/media/${mediaId}`);
    expect(json.filename).toBe(nfc);
    expect(await mediaNamed(t.app.url, t.token, nfc.normalize('NFD'))).toEqual([]);
  });

  it('fails clearly: missing file (2), unreachable server (3), rejected token (3), bad URL (2)', async () => {
    const file = rawVideo(dir, 'small.avi', 1);
    const env = { BIBLIO_CLIENT_STATE_DIR: await tempDir('biblio-desk-cli-state-') };
    const missing = runCli([path.join(dir, 'nope.mp4'), '--server', t.app.url, '--token', t.token], env, true);
    expect(await missing.exited).toBe(2);
    expect(missing.stderr()).toMatch(/nope\.mp4: no such file/);

    const unreachable = runCli([file, '--server', 'http://127.0.0.1:9', '--token', t.token], env);
    expect(await unreachable.exited).toBe(3);
    expect(unreachable.stderr()).toMatch(/--server: cannot reach http:\/\/127\.0\.0\.1:9/);

    const badToken = runCli([file, '--token', 'bib_not-a-real-token'], { ...env, BIBLIO_SERVER: t.app.url });
    expect(await badToken.exited).toBe(3);
    expect(badToken.stderr()).toMatch(/--token: the appliance rejected this token/);

    const badUrl = runCli([file, '--server', 'localhost:8080', '--token', t.token], env);
    expect(await badUrl.exited).toBe(2);
    expect(badUrl.stderr()).toMatch(/--server must be an http\(s\) URL/);
  });
});
