import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMediaPath } from './media-types.js';

export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Paths that could not be read, with the reason (shown to the user, never thrown). */
  problems: { path: string; error: string }[];
}

/**
 * Expands what the user dropped: files are kept as they are (the appliance judges them), folders
 * are walked recursively for media files by extension. Hidden entries (".DS_Store", ".git") and
 * symlinked folders are skipped so a link loop cannot make the walk endless.
 */
export async function walkPaths(inputs: string[], limit = 10_000): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const problems: WalkResult['problems'] = [];
  const seen = new Set<string>();

  const visit = async (target: string, explicit: boolean): Promise<void> => {
    if (files.length >= limit) return;
    let info;
    try {
      info = await stat(target);
    } catch (error) {
      problems.push({ path: target, error: describeFsError(error) });
      return;
    }
    if (info.isDirectory()) {
      let entries;
      try {
        entries = await readdir(target, { withFileTypes: true });
      } catch (error) {
        problems.push({ path: target, error: describeFsError(error) });
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.isSymbolicLink()) continue;
        const child = path.join(target, entry.name);
        if (entry.isDirectory()) await visit(child, false);
        else if (entry.isFile() && isMediaPath(child)) await visit(child, false);
      }
      return;
    }
    if (!info.isFile()) {
      if (explicit) problems.push({ path: target, error: 'not a regular file' });
      return;
    }
    if (seen.has(target)) return;
    seen.add(target);
    files.push({ path: target, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) });
  };

  for (const input of inputs) await visit(path.resolve(input), true);
  return { files, problems };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
