import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TokenBucket } from '../../desktop/src/core/throttle.js';
import { UploadTask } from '../../desktop/src/core/upload-task.js';
import { ADMIN_TOKEN } from './appliance.js';

export interface UploadDone {
  mediaId: string;
  seconds: number;
}

/**
 * One tus upload exactly as the desktop makes it: the desktop core's UploadTask (tus-js-client
 * with its file reader, timeout HTTP stack and URL persistence hook), no bandwidth limit.
 * `chunkSize` Infinity is tus-js-client's "one PATCH for the whole file".
 */
export async function tusUpload(base: string, file: string, chunkSize: number, filetype = 'video/mp4'): Promise<UploadDone> {
  const info = await stat(file);
  const start = process.hrtime.bigint();
  let url: string | null = null;
  await new Promise<void>((resolve, reject) => {
    const task = new UploadTask(
      {
        file: { path: file, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) },
        endpoint: `${base}/files/`,
        uploadUrl: null,
        token: ADMIN_TOKEN,
        fingerprint: `bench:${file}:${start}`,
        metadata: { filename: path.basename(file), filetype },
        chunkSize,
        requestTimeoutMs: 120_000,
        retryDelays: [0, 1_000, 3_000],
        bucket: new TokenBucket(null),
      },
      {
        url: async (u) => void (url = u),
        started: () => undefined,
        progress: () => undefined,
        retrying: () => undefined,
        success: () => resolve(),
        failure: (failure) => reject(new Error(`upload of ${file} failed: ${failure.kind}: ${failure.message}`)),
      },
    );
    task.start();
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!url) throw new Error('the upload finished without an upload URL');
  return { mediaId: (url as string).split('/').pop()!, seconds };
}
