import http from 'node:http';

/** A minimal tus 1.0.0 client on raw HTTP, so tests see exact status codes and offsets. */

export function encodeMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

export interface TusResponse {
  status: number;
  headers: Headers;
  body: string;
}

async function call(url: string, init: RequestInit & { token?: string }): Promise<TusResponse> {
  const headers = new Headers(init.headers);
  headers.set('Tus-Resumable', headers.get('Tus-Resumable') ?? '1.0.0');
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  const res = await fetch(url, { ...init, headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

export async function createUpload(
  base: string,
  token: string | undefined,
  length: number,
  metadata: Record<string, string> = { filename: 'clip.mp4', filetype: 'video/mp4' },
  extraHeaders: Record<string, string> = {},
  body?: Buffer,
): Promise<TusResponse & { mediaId?: string; location?: string }> {
  const res = await call(`${base}/files/`, {
    method: 'POST',
    token,
    headers: {
      'Upload-Length': String(length),
      'Upload-Metadata': encodeMetadata(metadata),
      ...(body ? { 'Content-Type': 'application/offset+octet-stream' } : {}),
      ...extraHeaders,
    },
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
  const location = res.headers.get('location') ?? undefined;
  return { ...res, location, mediaId: location?.split('/').pop() };
}

export function uploadUrl(base: string, mediaId: string): string {
  return `${base}/files/${mediaId}`;
}

export async function headOffset(base: string, token: string, mediaId: string): Promise<TusResponse & { offset?: number }> {
  const res = await call(uploadUrl(base, mediaId), { method: 'HEAD', token });
  const offset = res.headers.get('upload-offset');
  return { ...res, offset: offset === null ? undefined : Number(offset) };
}

export async function patch(base: string, token: string, mediaId: string, offset: number, data: Buffer, headers: Record<string, string> = {}) {
  return call(uploadUrl(base, mediaId), {
    method: 'PATCH',
    token,
    headers: { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', ...headers },
    body: new Uint8Array(data),
  });
}

export async function terminate(base: string, token: string, mediaId: string) {
  return call(uploadUrl(base, mediaId), { method: 'DELETE', token });
}

/**
 * Streams `data` from `offset` in small slices with pauses, and calls `interrupt` once `afterBytes`
 * were written: the request is then cut (by the caller killing the server or aborting).
 * Resolves with the number of bytes handed to the socket; never rejects.
 */
export function slowPatch(
  base: string,
  token: string,
  mediaId: string,
  offset: number,
  data: Buffer,
  options: { sliceBytes: number; pauseMs: number; afterBytes: number; interrupt: (req: http.ClientRequest) => void },
): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(uploadUrl(base, mediaId));
    const req = http.request(url, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': '1.0.0',
        Authorization: `Bearer ${token}`,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(data.length - offset),
      },
    });
    let sent = 0;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve(sent);
      }
    };
    req.on('error', finish);
    req.on('response', (res) => {
      res.resume();
      res.on('end', finish);
    });
    req.on('close', finish);
    const pump = () => {
      if (done) return;
      if (sent >= options.afterBytes) {
        options.interrupt(req);
        return;
      }
      const slice = data.subarray(offset + sent, offset + sent + options.sliceBytes);
      if (slice.length === 0) {
        req.end();
        return;
      }
      sent += slice.length;
      req.write(slice, () => setTimeout(pump, options.pauseMs));
    };
    pump();
  });
}

/** Statuses a media can have once its last byte arrived (processing starts right away). */
export const FINISHED_UPLOAD_STATUSES = ['UPLOADED', 'PROCESSING', 'READY', 'REJECTED', 'FAILED'];
