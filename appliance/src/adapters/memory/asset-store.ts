import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AssetNotFoundError, type AssetStore } from '../../ports/asset-store.js';

/** Derived files in memory, keyed like the real stores (`media/{ownerId}/{mediaId}/…`). */
export class MemoryAssetStore implements AssetStore {
  readonly objects = new Map<string, { bytes: Buffer; contentType: string }>();

  async putFile(key: string, localPath: string, contentType: string): Promise<void> {
    this.objects.set(key, { bytes: await readFile(localPath), contentType });
  }

  async putDirectory(prefix: string, localDir: string): Promise<void> {
    for (const entry of await readdir(localDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      await this.putFile(`${prefix}/${path.relative(localDir, full).split(path.sep).join('/')}`, full, 'application/octet-stream');
    }
  }

  async read(key: string): Promise<Readable> {
    const found = this.objects.get(key);
    if (!found) throw new AssetNotFoundError(key);
    return Readable.from([found.bytes]);
  }

  async readText(key: string): Promise<string> {
    const found = this.objects.get(key);
    if (!found) throw new AssetNotFoundError(key);
    return found.bytes.toString('utf8');
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const key of [...this.objects.keys()]) if (key === prefix || key.startsWith(`${prefix}/`)) this.objects.delete(key);
  }

  async presignedUrl(): Promise<string | undefined> {
    return undefined;
  }
}
