import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TokenBucket } from '../../desktop/src/core/throttle.js';
import { UploadTask, type Failure } from '../../desktop/src/core/upload-task.js';
import { ADMIN_TOKEN } from './appliance.js';

export interface UploadDone {
  mediaId: string;
  seconds: number;
  /** Transient failures resumed from the upload URL, as the desktop queue does. */
  resumes: number;
}

const MAX_RESUMES = 5;

/**
 * One tus upload exactly as the desktop makes it: the desktop core's UploadTask (tus-js-client
 * with its file reader, timeout HTTP stack and URL persistence hook), no bandwidth limit.
 * `chunkSize` Infinity is tus-js-client's "one PATCH for the whole file". A transient failure
 * (after tus-js-client's own quick retries) is resumed from the upload URL after 2, 4, 8... s, as
 * the desktop queue's exponential backoff would (an S3-store PATCH cut short can hold the
 * upload's lock, HTTP 423, while its part is still being stored); callers report `resumes` so
 * the hiccup is not hidden.
 */
export async function tusUpload(base: string, file: string, chunkSize: number, filetype = 'video/mp4'): Promise<UploadDone> {
  const info = await stat(file);
  const start = process.hrtime.bigint();
  let url: string | null = null;
  let resumes = 0;
  for (;;) {
    const failure = await runTask(base, file, info, chunkSize, filetype, url, `bench:${file}:${start}`, (u) => (url = u));
    if (!failure) break;
    if (failure.kind !== 'transient' || url === null || resumes >= MAX_RESUMES) throw new Error(`upload of ${file} failed: ${failure.kind}: ${failure.message}`);
    resumes += 1;
    await new Promise((resolve) => setTimeout(resolve, 2_000 * 2 ** (resumes - 1)));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!url) throw new Error('the upload finished without an upload URL');
  return { mediaId: (url as string).split('/').pop()!, seconds, resumes };
}

function runTask(
  base: string,
  file: string,
  info: { size: number; mtimeMs: number },
  chunkSize: number,
  filetype: string,
  uploadUrl: string | null,
  fingerprint: string,
  onUrl: (url: string) => void,
): Promise<Failure | null> {
  return new Promise((resolve) => {
    const task = new UploadTask(
      {
        file: { path: file, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) },
        endpoint: `${base}/files/`,
        uploadUrl,
        token: ADMIN_TOKEN,
        fingerprint,
        metadata: { filename: path.basename(file), filetype },
        chunkSize,
        requestTimeoutMs: 120_000,
        retryDelays: [0, 1_000, 3_000],
        bucket: new TokenBucket(null),
      },
      {
        url: async (u) => onUrl(u),
        started: () => undefined,
        progress: () => undefined,
        retrying: () => undefined,
        success: () => resolve(null),
        failure: (failure) => resolve(failure),
      },
    );
    task.start();
  });
}
