import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolHold } from '../integration/harness/tool-hold.js';
import { alive, waitFor } from '@biblio/test-support';
import { FaultLab, makeClips, randomInt, REPEATS, sleep, type Clips } from './fault-lab.js';
import { tally } from './tally.js';

/** BIBLIO_SHUTDOWN_TIMEOUT's default: every shutdown must end by then. */
const SHUTDOWN_LIMIT_MS = 20_000;

type Phase = 'upload' | 'processing' | 'validate';

/**
 * Ctrl-C in a terminal, `systemctl stop`, a closed terminal: SIGTERM/SIGINT to the whole process
 * group. The appliance exits within its deadline with its embedded redis, a restart is not
 * refused, and nothing is lost: uploads resume exactly, media reach READY, and a validation
 * interrupted by the signal never rejects a valid file (counted as lost if it did).
 */
describe('SIGTERM and SIGINT to the whole process group', () => {
  let clips: Clips;
  let lab: FaultLab;
  let hold: ToolHold;
  const rounds: { signal: NodeJS.Signals; phase: Phase }[] = [];
  for (let i = 0; i < REPEATS; i += 1) rounds.push({ signal: i % 2 === 0 ? 'SIGTERM' : 'SIGINT', phase: i % 4 < 2 ? 'upload' : 'processing' });
  rounds.push({ signal: 'SIGTERM', phase: 'validate' });

  beforeAll(async () => {
    clips = await makeClips();
    hold = await ToolHold.create(['ffprobe']);
    lab = await FaultLab.open({ PATH: hold.path() });
  });

  afterAll(async () => {
    await lab?.close();
    await hold?.dispose();
    await rm(clips.dir, { recursive: true, force: true });
  });

  it(`${rounds.map((r) => `${r.signal} during ${r.phase}`).join(', ')}: exits in time, restarts, loses nothing`, async () => {
    const problems: string[] = [];
    const shutdownMs: number[] = [];
    const ids: string[] = [];
    for (const [round, { signal, phase }] of rounds.entries()) {
      const redisPid = await lab.redisPid();
      let id: string;
      let exit: { code: number | null; ms: number } | undefined;
      if (phase === 'upload') {
        id = await lab.create(clips.video, `signal-upload-${round}.mp4`);
        const cut = randomInt(16 * 1024, clips.video.length - 16 * 1024);
        let signalled: Promise<{ code: number | null; ms: number }> | undefined;
        await lab.sendUntil(id, clips.video, cut, () => {
          signalled = lab.signalGroup(signal);
        });
        exit = await signalled;
      } else if (phase === 'validate') {
        await hold.hold();
        id = await lab.upload(clips.video, `signal-validate-${round}.mp4`);
        await waitFor('ffprobe to start validating', async () => (await hold.held()).length > 0);
        exit = await lab.signalGroup(signal);
        await hold.release();
      } else {
        id = await lab.upload(clips.video, `signal-processing-${round}.mp4`);
        await lab.waitStage(id, 'a stage after validation to run', (s) => Object.entries(s).some(([name, st]) => name !== 'validate' && st.status === 'running'), 90_000);
        await sleep(randomInt(0, 500));
        exit = await lab.signalGroup(signal);
      }
      ids.push(id);
      if (!exit) throw new Error('the signal was never sent');
      shutdownMs.push(exit.ms);
      const tag = `#${round} ${signal} during ${phase}`;
      if (exit.code !== 0) problems.push(`${tag}: exit code ${exit.code}\n${lab.app.output().slice(-2000)}`);
      if (exit.ms > SHUTDOWN_LIMIT_MS) problems.push(`${tag}: took ${exit.ms} ms`);
      if (lab.app.output().includes('"outcome":"rejected"')) problems.push(`${tag}: a stage recorded a rejection`);
      // The embedded redis-server is stopped by the appliance, never left behind.
      await sleep(200);
      if (redisPid > 0 && alive(redisPid)) problems.push(`${tag}: redis-server ${redisPid} outlived the appliance`);
      await lab.start(); // refused with "data dir in use" if the old process lingered
      if (phase === 'upload') await lab.resume(id, clips.video);
    }
    process.stdout.write(`signals: ${rounds.length} shutdowns, slowest ${Math.max(...shutdownMs)} ms, median ${[...shutdownMs].sort((a, b) => a - b)[Math.floor(shutdownMs.length / 2)]} ms\n`);
    const lost = await lab.lost(ids);
    const lostIds = new Set(lost.map((l) => l.id));
    const survived = ids.filter((id, round) => !lostIds.has(id) && !problems.some((p) => p.startsWith(`#${round} `))).length;
    tally('faults', { injected: rounds.length, survived, lost: lost.length });
    expect(problems).toEqual([]);
    expect(lost).toEqual([]);
  });

  it('leaves no temp folder, orphan object or stuck media behind', async () => {
    expect(await lab.leftovers()).toEqual([]);
  });
});
