import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { timeCommand } from './commands.js';
import type { ToolRun } from './tool-recorder.js';

/** The stage a recorded run belongs to: its stage work dir is named `{stage}-{pid}-XXXXXX`. */
export function stageOf(run: ToolRun, stagesRoot: string): string {
  const prefix = stagesRoot.endsWith('/') ? stagesRoot : `${stagesRoot}/`;
  for (const arg of run.args) {
    const at = arg.indexOf(prefix);
    if (at === -1) continue;
    const match = /^([a-z]+)-\d+-/.exec(arg.slice(at + prefix.length));
    if (match) return match[1]!;
  }
  // Runs outside any work dir (ffprobe, the tail decode) read the upload in place: validate.
  return 'validate';
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function findByName(root: string, name: string): Promise<string | undefined> {
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

const INPUT_FLAGS = new Set(['-i', '-infile']);

/**
 * Runs recorded tool runs again, outside the product, with work-dir paths moved under
 * `replayRoot`. Inputs that the product copied between stages in Node (the transcribe stage's
 * WAV comes from the asset store) are copied from the earlier run that wrote a file of that name,
 * before the clock starts.
 */
export async function replaySequence(runs: readonly ToolRun[], stagesRoot: string, replayRoot: string): Promise<number> {
  let seconds = 0;
  for (const run of runs) {
    const args = run.args.map((arg) => arg.split(stagesRoot).join(replayRoot));
    for (const [i, arg] of args.entries()) {
      if (!arg.startsWith(replayRoot)) continue;
      await mkdir(path.dirname(arg), { recursive: true });
      if (INPUT_FLAGS.has(args[i - 1] ?? '') && !(await exists(arg))) {
        const source = await findByName(replayRoot, path.basename(arg));
        if (!source) throw new Error(`replay of ${run.tool}: input ${path.basename(arg)} was never produced`);
        await copyFile(source, arg);
      }
    }
    seconds += await timeCommand(run.tool, args);
  }
  return seconds;
}
