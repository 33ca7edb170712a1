import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from './processes.js';

/** A file of random bytes (the appliance will reject it as media, but it uploads like any other). */
export async function randomFile(name: string, bytes: number): Promise<string> {
  const file = path.join(await tempDir('biblio-e2e-files-'), name);
  await writeFile(file, randomBytes(bytes));
  return file;
}
