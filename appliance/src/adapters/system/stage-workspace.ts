import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '@biblio/node-kit';
import type { StageWorkspace } from '../../ports/stage-workspace.js';

/** Folder names carry the pid of the process that made them: `validate-1234-XXXXXX`. */
const NAME = /^[a-z]+-(\d+)-/;

/** Stage scratch folders under `{dataDir}/tmp/stages`, mode 0700. */
export class DataDirStageWorkspace implements StageWorkspace {
  constructor(readonly root: string) {}

  static async open(root: string): Promise<DataDirStageWorkspace> {
    await mkdir(root, { recursive: true, mode: 0o700 });
    return new DataDirStageWorkspace(root);
  }

  async create(stage: string): Promise<string> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    return mkdtemp(path.join(this.root, `${stage}-${process.pid}-`));
  }

  async sweepOrphans(): Promise<number> {
    let removed = 0;
    for (const entry of await readdir(this.root).catch(() => [] as string[])) {
      const pid = Number(NAME.exec(entry)?.[1]);
      // Our own pid at start means a previous process of ours had the same pid: also stale.
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) continue;
      await rm(path.join(this.root, entry), { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }
}
