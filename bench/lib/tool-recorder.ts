import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One run of a recorded tool: what ran and when (epoch ns, as `date +%s%N` prints it). */
export interface ToolRun {
  tool: string;
  args: string[];
  startNs: bigint;
  endNs: bigint;
  exitCode: number;
}

/**
 * Wrappers placed first in the appliance's PATH that record each run of a tool (its arguments,
 * start and end) and then run the real binary with the same arguments and stdio. Nothing in the
 * product changes: it runs its tools by name, and the benchmark can replay exactly those runs.
 */
export class ToolRecorder {
  private constructor(
    readonly binDir: string,
    readonly logDir: string,
  ) {}

  static async create(root: string, tools: string[]): Promise<ToolRecorder> {
    const binDir = await mkdtemp(path.join(root, 'bin-'));
    const logDir = await mkdtemp(path.join(root, 'toollog-'));
    for (const tool of tools) {
      const real = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
      const script = [
        '#!/bin/sh',
        `id="$(date +%s%N)-$$"`,
        `printf '%s\\0' "$@" > '${logDir}'/"$id".args`,
        'start=$(date +%s%N)',
        `'${real}' "$@"`,
        'code=$?',
        `echo "$start $(date +%s%N) $code ${tool}" > '${logDir}'/"$id".time`,
        'exit $code',
        '',
      ].join('\n');
      await writeFile(path.join(binDir, tool), script);
      await chmod(path.join(binDir, tool), 0o755);
    }
    return new ToolRecorder(binDir, logDir);
  }

  path(): string {
    return `${this.binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
  }

  /** Finished runs, in start order. */
  async runs(): Promise<ToolRun[]> {
    const runs: ToolRun[] = [];
    for (const name of await readdir(this.logDir)) {
      if (!name.endsWith('.time')) continue;
      const id = name.slice(0, -'.time'.length);
      const [start, end, code, tool] = (await readFile(path.join(this.logDir, name), 'utf8')).trim().split(' ');
      const args = (await readFile(path.join(this.logDir, `${id}.args`), 'utf8')).split('\0').slice(0, -1);
      runs.push({ tool: tool!, args, startNs: BigInt(start!), endNs: BigInt(end!), exitCode: Number(code) });
    }
    return runs.sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
  }
}

export const epochNs = (): bigint => BigInt(Date.now()) * 1_000_000n;
