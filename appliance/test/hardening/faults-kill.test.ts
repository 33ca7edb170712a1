import { describe, expect, it } from 'vitest';
import { randomInt, REPEATS, sleep, useFaultLab } from './fault-lab.js';
import { tally } from './tally.js';

/** Stages that run FFmpeg or speech-to-text long enough to be caught in the middle. */
const HEAVY = ['thumbnails', 'hls', 'audio', 'transcribe'] as const;

/**
 * Power cuts and OOM kills: SIGKILL of the appliance (no cleanup at all) in the middle of an
 * upload and in the middle of each heavy stage, at random points. After a restart the upload
 * resumes with the exact bytes and every media reaches READY.
 */
describe('SIGKILL of the appliance', () => {
  const faults = useFaultLab();

  it(`mid-upload, ${REPEATS} times at random offsets: the upload resumes and the stored bytes are exact`, async () => {
    const ids: string[] = [];
    for (let round = 0; round < REPEATS; round += 1) {
      const id = await faults.lab.create(faults.clips.video, `kill-upload-${round}.mp4`);
      ids.push(id);
      const cut = randomInt(16 * 1024, faults.clips.video.length - 16 * 1024);
      await faults.lab.sendUntil(id, faults.clips.video, cut, () => void faults.lab.kill());
      await faults.lab.app.exited;
      await faults.lab.start();
      await faults.lab.resume(id, faults.clips.video);
    }
    const lost = await faults.lab.lost(ids);
    tally('faults', { injected: REPEATS, survived: REPEATS - new Set(lost.map((l) => l.id)).size, lost: lost.length });
    expect(lost).toEqual([]);
  });

  it(`mid-stage, ${REPEATS} times across ${HEAVY.join(', ')}: every media reaches READY after the restart`, async () => {
    const ids: string[] = [];
    for (let round = 0; round < REPEATS; round += 1) {
      const stage = HEAVY[round % HEAVY.length]!;
      const id = await faults.lab.upload(faults.clips.video, `kill-${stage}-${round}.mp4`);
      ids.push(id);
      await faults.lab.waitStage(id, `${stage} to run`, (stages) => stages[stage]?.status === 'running', 90_000);
      await sleep(randomInt(0, 400));
      await faults.lab.kill();
      await faults.lab.start();
    }
    const lost = await faults.lab.lost(ids);
    tally('faults', { injected: REPEATS, survived: REPEATS - new Set(lost.map((l) => l.id)).size, lost: lost.length });
    expect(lost).toEqual([]);
  });

  it('leaves no temp folder, orphan object or stuck media behind once the sweeper ran', async () => {
    await sleep(1_500);
    expect(await faults.lab.leftovers()).toEqual([]);
  });
});
