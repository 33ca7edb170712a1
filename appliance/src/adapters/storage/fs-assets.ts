import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AssetNotFoundError, type AssetStore } from '../../ports/asset-store.js';

/** Derived assets as files under the data dir's storage root. */
export class FilesystemAssetStore implements AssetStore {
  constructor(private readonly root: string) {}

  private resolve(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`asset key escapes the store: ${key}`);
    return resolved;
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.resolve(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Copy beside the target, then rename: readers never see a half-written file.
    const temp = `${target}.partial-${process.pid}`;
    await copyFile(localPath, temp);
    await rename(temp, target);
  }

  async putDirectory(prefix: string, localDir: string): Promise<void> {
    const target = this.resolve(prefix);
    await mkdir(path.dirname(target), { recursive: true });
    await cp(localDir, target, { recursive: true, force: true });
  }

  async read(key: string): Promise<Readable> {
    const file = this.resolve(key);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new AssetNotFoundError(key);
    return createReadStream(file);
  }

  async readText(key: string): Promise<string> {
    try {
      return await readFile(this.resolve(key), 'utf8');
    } catch {
      throw new AssetNotFoundError(key);
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.resolve(prefix), { recursive: true, force: true });
  }

  async presignedUrl(): Promise<string | undefined> {
    return undefined;
  }
}
