import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh folder under the system temp dir; the caller removes it. */
export function tempDir(prefix = 'biblio-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function writeBytes(dir: string, name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** A file of random bytes: the appliance rejects it as media, but it uploads like any other. */
export function randomFile(dir: string, name: string, bytes: number): Promise<string> {
  return writeBytes(dir, name, randomBytes(bytes));
}

/**
 * Bytes that look random but are the same on every run (sha256 in counter mode over a seed).
 * For tests whose verdict depends on what a prober makes of the bytes: truly random bytes
 * now and then parse as some container, which turns such a test into a coin toss.
 */
export function pseudoRandomFile(dir: string, name: string, bytes: number, seed = name): Promise<string> {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < bytes; i++) blocks.push(createHash('sha256').update(`${seed}#${i}`).digest());
  return writeBytes(dir, name, Buffer.concat(blocks).subarray(0, bytes));
}

export function randomData(bytes: number): Buffer {
  return randomBytes(bytes);
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file, streamed (test files reach hundreds of MB). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
