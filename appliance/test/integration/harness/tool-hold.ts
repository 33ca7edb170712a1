import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Puts a real tool (ffprobe, ffmpeg) on hold: a wrapper earlier in PATH waits while a hold file
 * exists, recording its pid, then runs the real binary. Tests use it to catch a stage while its
 * tool runs and interrupt it there (signal the tool, or shut the appliance down), without any
 * test hook inside the product.
 */
export class ToolHold {
  private constructor(
    readonly binDir: string,
    private readonly holdFile: string,
    private readonly pidsFile: string,
  ) {}

  static async create(tools: string[]): Promise<ToolHold> {
    const binDir = await mkdtemp(path.join(tmpdir(), 'biblio-hold-'));
    const hold = new ToolHold(binDir, path.join(binDir, 'HOLD'), path.join(binDir, 'pids'));
    for (const tool of tools) {
      const script = [
        '#!/bin/sh',
        `if [ -e '${hold.holdFile}' ] && [ "$1" != "-version" ]; then`,
        `  echo $$ >> '${hold.pidsFile}'`,
        `  while [ -e '${hold.holdFile}' ]; do sleep 0.05; done`,
        'fi',
        `exec /usr/bin/${tool} "$@"`,
        '',
      ].join('\n');
      await writeFile(path.join(binDir, tool), script);
      await chmod(path.join(binDir, tool), 0o755);
    }
    return hold;
  }

  /** PATH for the appliance: the wrappers first. */
  path(): string {
    return `${this.binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
  }

  async hold(): Promise<void> {
    await writeFile(this.holdFile, '');
    await rm(this.pidsFile, { force: true });
  }

  async release(): Promise<void> {
    await rm(this.holdFile, { force: true });
  }

  /** Pids of tool runs that are waiting on the hold (or were). */
  async held(): Promise<number[]> {
    const text = await readFile(this.pidsFile, 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map(Number);
  }

  async dispose(): Promise<void> {
    await this.release();
    await rm(this.binDir, { recursive: true, force: true });
  }
}
