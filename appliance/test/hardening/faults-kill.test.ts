import { beforeAll, describe, expect, it } from 'vitest';
import { FaultLab, useFaultLab, randomInt, REPEATS, sleep, type Clips } from './fault-lab.js';
import { tally } from './tally.js';

/** Stages that run FFmpeg or speech-to-text long enough to be caught in the middle. */
const HEAVY = ['thumbnails', 'hls', 'audio', 'transcribe'] as const;

/**
 * Power cuts and OOM kills: SIGKILL of the appliance (no cleanup at all) in the middle of an
 * upload and in the middle of each heavy stage, at random points. After a restart the upload
 * resumes with the exact bytes and every media reaches READY.
 */
describe('SIGKILL of the appliance', () => {
  const fixture = useFaultLab();
  let lab: FaultLab;
  let clips: Clips;
  beforeAll(() => {
    lab = fixture.lab();
    clips = fixture.clips();
  });

  it(`mid-upload, ${REPEATS} times at random offsets: the upload resumes and the stored bytes are exact`, async () => {
    const ids: string[] = [];
    for (let round = 0; round < REPEATS; round += 1) {
      const id = await lab.create(clips.video, `kill-upload-${round}.mp4`);
      ids.push(id);
      const cut = randomInt(16 * 1024, clips.video.length - 16 * 1024);
      await lab.sendUntil(id, clips.video, cut, () => void lab.kill());
      await lab.app.exited;
      await lab.start();
      await lab.resume(id, clips.video);
    }
    const lost = await lab.lost(ids);
    tally('faults', { injected: REPEATS, survived: REPEATS - new Set(lost.map((l) => l.id)).size, lost: lost.length });
    expect(lost).toEqual([]);
  });

  it(`mid-stage, ${REPEATS} times across ${HEAVY.join(', ')}: every media reaches READY after the restart`, async () => {
    const ids: string[] = [];
    for (let round = 0; round < REPEATS; round += 1) {
      const stage = HEAVY[round % HEAVY.length]!;
      const id = await lab.upload(clips.video, `kill-${stage}-${round}.mp4`);
      ids.push(id);
      await lab.waitStage(id, `${stage} to run`, (stages) => stages[stage]?.status === 'running', 90_000);
      await sleep(randomInt(0, 400));
      await lab.kill();
      await lab.start();
    }
    const lost = await lab.lost(ids);
    tally('faults', { injected: REPEATS, survived: REPEATS - new Set(lost.map((l) => l.id)).size, lost: lost.length });
    expect(lost).toEqual([]);
  });

  it('leaves no temp folder, orphan object or stuck media behind once the sweeper ran', async () => {
    await sleep(1_500);
    expect(await lab.leftovers()).toEqual([]);
  });
});
