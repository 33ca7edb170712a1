import { readdir, readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultLab, makeClips, type Clips } from './fault-lab.js';
import { tally } from './tally.js';

const UPLOADS = 50;
const PAGE = 4096;

/** Resident memory (MB) of `root` and every process below it (redis-server, FFmpeg, STT...). */
async function treeRssMb(root: number): Promise<number> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The command may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[1]) parents.set(Number(entry), Number(fields[1]));
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let pages = 0;
  for (const pid of tree) pages += Number((await readFile(`/proc/${pid}/statm`, 'utf8').catch(() => '0 0')).split(' ')[1] ?? 0);
  return Math.round((pages * PAGE) / 1024 ** 2);
}

/**
 * A busy hour on a small box: 50 uploads at once on the all-in-one appliance, each processed
 * through every stage. All reach READY; the peak memory of the whole process tree is reported.
 */
describe('load on the all-in-one appliance', () => {
  let clips: Clips;
  let lab: FaultLab;

  beforeAll(async () => {
    clips = await makeClips();
    // The admin may run a batch this size: lift the per-user unfinished-uploads quota for it.
    lab = await FaultLab.open({ BIBLIO_QUOTA_PENDING_UPLOADS: '0', BIBLIO_LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await lab?.close();
    await rm(clips.dir, { recursive: true, force: true });
  });

  it(`${UPLOADS} concurrent uploads with processing all reach READY`, async () => {
    let peak = await treeRssMb(lab.app.child.pid!);
    const idle = peak;
    const sampler = setInterval(() => {
      void treeRssMb(lab.app.child.pid!).then((mb) => (peak = Math.max(peak, mb)));
    }, 250);
    try {
      const ids = await Promise.all(
        Array.from({ length: UPLOADS }, (_, i) => (i % 5 === 0 ? lab.upload(clips.video, `load-${i}.mp4`) : lab.upload(clips.audio, `load-${i}.mp3`))),
      );
      const lost = await lab.lost(ids, 600_000);
      const ready = UPLOADS - new Set(lost.map((l) => l.id)).size;
      process.stdout.write(`load: ${ready}/${UPLOADS} READY, idle ${idle} MB, peak ${peak} MB (appliance process tree)\n`);
      tally('load', { uploads: UPLOADS, ready, peak_rss_mb: peak });
      expect(lost).toEqual([]);
    } finally {
      clearInterval(sampler);
    }
  });
});
