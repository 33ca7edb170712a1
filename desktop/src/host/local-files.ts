import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * A browser never tells the page where a picked file lives, but a drop sometimes does (its
 * file:// URI list). The page then asks the host whether that path is the very file it holds
 * (same name, size and modification time); if so the core reads the file in place and nothing is
 * copied to the staging folder. Anything else (no such file, a different one, a folder) is a
 * "no", and the page stages a copy as before.
 */

export const localFileClaimSchema = z
  .object({
    path: z.string().min(1).max(4096),
    name: z.string().min(1).max(1024),
    size: z.number().int().nonnegative(),
    /** File.lastModified: milliseconds since the epoch. */
    lastModified: z.number().nonnegative(),
  })
  .strict();
export type LocalFileClaim = z.infer<typeof localFileClaimSchema>;

/** File systems keep mtimes with different precision (FAT: 2 s); browsers report whole ms. */
const MTIME_TOLERANCE_MS = 2_000;

export interface FileFacts {
  isFile: boolean;
  size: number;
  mtimeMs: number;
}

/** Pure: whether a file with these facts at `claim.path` is the file the page holds. */
export function claimMatches(claim: LocalFileClaim, facts: FileFacts | null): boolean {
  if (!facts || !facts.isFile || !path.isAbsolute(claim.path)) return false;
  if (path.basename(claim.path).normalize('NFC') !== claim.name.normalize('NFC')) return false;
  return facts.size === claim.size && Math.abs(facts.mtimeMs - claim.lastModified) <= MTIME_TOLERANCE_MS;
}

/** The path to queue in place of a staged copy, or null when it is not the claimed file. */
export async function resolveLocalFile(claim: LocalFileClaim): Promise<string | null> {
  const facts = await stat(claim.path).then(
    (info) => ({ isFile: info.isFile(), size: info.size, mtimeMs: info.mtimeMs }),
    () => null,
  );
  return claimMatches(claim, facts) ? path.resolve(claim.path) : null;
}
