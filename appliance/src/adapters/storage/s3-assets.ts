import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import * as Minio from 'minio';
import { AssetNotFoundError, contentTypeOf, type AssetStore } from '../../ports/asset-store.js';
import type { S3Settings } from './s3.js';
import { minioClient } from './s3.js';

/** Derived assets in the S3 bucket; playback segments are served as presigned GET URLs. */
export class S3AssetStore implements AssetStore {
  private readonly client: Minio.Client;
  /** Presigning is offline signing: a client on the public name signs URLs players can use. */
  private readonly presigner: Minio.Client;

  constructor(private readonly settings: S3Settings) {
    this.client = minioClient(settings);
    this.presigner = settings.publicEndpoint ? minioClient({ ...settings, endpoint: settings.publicEndpoint }) : this.client;
  }

  async putFile(key: string, localPath: string, contentType: string): Promise<void> {
    await this.client.fPutObject(this.settings.bucket, key, localPath, { 'Content-Type': contentType });
  }

  async putDirectory(prefix: string, localDir: string): Promise<void> {
    const entries = await readdir(localDir, { recursive: true, withFileTypes: true });
    // Playlists last: a reader that finds a playlist finds its segments.
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort((a, b) => Number(a.endsWith('.m3u8')) - Number(b.endsWith('.m3u8')));
    for (const file of files) {
      const relative = path.relative(localDir, file).split(path.sep).join('/');
      await this.putFile(`${prefix}/${relative}`, file, contentTypeOf(file));
    }
  }

  async read(key: string): Promise<Readable> {
    try {
      return await this.client.getObject(this.settings.bucket, key);
    } catch (error) {
      if ((error as { code?: string }).code === 'NoSuchKey') throw new AssetNotFoundError(key);
      throw error;
    }
  }

  async readText(key: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.read(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async deletePrefix(prefix: string): Promise<void> {
    const keys: string[] = [];
    for await (const item of this.client.listObjectsV2(this.settings.bucket, `${prefix}/`, true)) {
      if ((item as { name?: string }).name) keys.push((item as { name: string }).name);
    }
    for (let i = 0; i < keys.length; i += 1000) await this.client.removeObjects(this.settings.bucket, keys.slice(i, i + 1000));
  }

  presignedUrl(key: string, expiresSec: number): Promise<string> {
    return this.presigner.presignedGetObject(this.settings.bucket, key, expiresSec);
  }
}
