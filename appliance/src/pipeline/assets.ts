import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { derivedPrefix, runFolderOf } from '../domain/storage-keys.js';
import type { AssetKind } from '../ports/processing-store.js';
import type { PipelineDeps, StageContext } from './stage-context.js';

/** A fresh local output directory inside the stage's work dir. */
export async function outputDir(ctx: StageContext, name: string): Promise<string> {
  const dir = path.join(ctx.workDir, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The run-specific prefix of a kind of output: media/{owner}/{media}/{folder}/{runId}. */
export function runPrefix(ctx: StageContext, folder: string): string {
  return `${derivedPrefix(ctx.media.ownerId, ctx.media.id)}/${folder}/${ctx.runId}`;
}

/**
 * Points an asset kind at its new object and deletes the previous run's folder. Outputs are
 * written under a new run prefix first, so readers see either the old or the new, never a mix.
 */
export async function publishAsset(
  deps: PipelineDeps,
  ctx: StageContext,
  kind: AssetKind,
  objectKey: string,
  contentType: string,
): Promise<void> {
  const previous = await deps.processing.setAsset(ctx.media.id, { kind, objectKey, contentType });
  if (previous) await deps.assets.deletePrefix(runFolderOf(previous));
}

export { runFolderOf };
