import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquirePidLock, isProcessAlive, PidLockBusyError } from '../../src/index.js';

/** A pid far above any pid_max in use: no process has it. */
const DEAD_PID = 4_194_305;

describe('acquirePidLock', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'node-kit-lock-'));
    file = path.join(dir, 'x.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('records the holder, refuses a second taker in this process, and is free again after release', async () => {
    const release = await acquirePidLock(file, { owner: 'test A' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, owner: 'test A' });
    await expect(acquirePidLock(file, { owner: 'test B' })).rejects.toBeInstanceOf(PidLockBusyError);
    await release();
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await (await acquirePidLock(file, { owner: 'test B' }))();
  });

  it('refuses while another live process holds it, naming it', async () => {
    // The parent (vitest's main process) is alive and is not us.
    await writeFile(file, JSON.stringify({ pid: process.ppid, owner: 'the other one' }));
    const error = await acquirePidLock(file, { owner: 'me', exitWaitMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PidLockBusyError);
    expect((error as PidLockBusyError).holder).toEqual({ pid: process.ppid, owner: 'the other one' });
    expect((error as Error).message).toContain(`the other one (pid ${process.ppid})`);
  });

  it('takes over a lock left by a dead process, in either file format, or an unreadable one', async () => {
    for (const stale of [JSON.stringify({ pid: DEAD_PID }), `${DEAD_PID}\nan old appliance\n`, 'garbage', '']) {
      await writeFile(file, stale);
      const release = await acquirePidLock(file, { owner: 'me' });
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid });
      await release();
    }
  });

  it('reads the older appliance format for the busy message', async () => {
    await writeFile(file, `${process.ppid}\nthe Biblio appliance\n`);
    await expect(acquirePidLock(file, { owner: 'me', exitWaitMs: 0 })).rejects.toMatchObject({ holder: { pid: process.ppid, owner: 'the Biblio appliance' } });
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const release = await acquirePidLock(file, { owner: 'me' });
    await writeFile(file, JSON.stringify({ pid: process.ppid, owner: 'someone who took it over' }));
    await release();
    expect(await readFile(file, 'utf8')).toContain('someone who took it over');
  });

  it('lets one of many simultaneous takers win', async () => {
    await writeFile(file, JSON.stringify({ pid: DEAD_PID }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquirePidLock(file, { owner: `taker ${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('isProcessAlive', () => {
  it('knows this process is alive and an unused pid is not', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(DEAD_PID)).toBe(false);
  });
});
