import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'raw-put-server.ts');

export interface RawPutServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts bench/lib/raw-put-server.ts writing into `dir`. */
export async function startRawPutServer(dir: string): Promise<RawPutServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /port=(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`raw PUT server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One streaming PUT of the whole file (Node's http client, 64 KiB reads like the desktop's reader). */
export async function rawPut(url: string, file: string): Promise<number> {
  const { size } = await stat(file);
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { 'Content-Length': String(size), 'Content-Type': 'application/octet-stream' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`raw PUT answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 64 * 1024 }).on('error', reject).pipe(req);
  });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function curlS3(s3: Record<string, string>, key: string, extra: string[]): Promise<void> {
  const url = `${s3['S3_ENDPOINT']!.replace(/\/$/, '')}/${s3['S3_BUCKET']}/${key}`;
  const args = [
    '-sS', '-f', '-o', '/dev/null', ...extra,
    '--aws-sigv4', `aws:amz:${s3['S3_REGION'] || 'us-east-1'}:s3`,
    '--user', `${s3['S3_ACCESS_KEY']}:${s3['S3_SECRET_KEY']}`,
    '-H', 'x-amz-content-sha256: UNSIGNED-PAYLOAD',
    url,
  ];
  return new Promise<void>((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`curl ${extra[0]} ${key} on S3 exited with ${code}: ${stderr.trim()}`))));
  });
}

/**
 * One streaming PUT of the whole file straight to the S3 server (curl, SigV4, unsigned
 * payload); the object is deleted afterwards, untimed, so repetitions do not fill the server.
 */
export async function rawS3Put(s3: Record<string, string>, key: string, file: string): Promise<number> {
  const start = process.hrtime.bigint();
  await curlS3(s3, key, ['-T', file]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await curlS3(s3, key, ['-X', 'DELETE']);
  return seconds;
}
