import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** initdb and the migrations take 3-6 s here; far more means something is wrong. */
const CREATE_DEADLINE_MS = 120_000;

/**
 * Creates the embedded database at `dataDir` (initdb and the migrations) if there is none, in a
 * child process. Done in this process, that one-off work left 40-90 MiB of freed but fragmented
 * malloc memory and touched WebAssembly memory behind for good: the all-in-one appliance idled
 * at 256-327 MiB after its first start against 236-241 MiB after any later one. The database is
 * made beside `dataDir` and renamed into place, so a start killed half-way leaves no half-made
 * database behind.
 */
export async function createPgliteDatabase(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const present = await readdir(dataDir).catch(() => []);
  if (present.length > 0) throw new Error(`cannot create the embedded database in ${dataDir}: it holds files but no database; move them away and start again`);
  const staging = `${dataDir}.creating`;
  await rm(staging, { recursive: true, force: true });
  await runCreateProcess(staging);
  // `dataDir` may exist if empty (made by hand): rename() replaces an empty directory.
  await rename(staging, dataDir);
}

function runCreateProcess(dir: string): Promise<void> {
  const compiled = !import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(compiled ? './pglite-create-process.js' : './pglite-create-process.ts', import.meta.url));
  // From sources (tsx, vitest) the entry is TypeScript: tsx, found from here, loads it.
  // Compiled, @biblio/* resolve to their compiled dist/ as in the appliance (build-appliance.mjs).
  const resolution = compiled ? ['--conditions=biblio-compiled'] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const child = spawn(process.execPath, [...resolution, entry, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), CREATE_DEADLINE_MS);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`cannot start creating the embedded database: ${error.message}`, { cause: error })));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`creating the embedded database in ${dir} failed (${signal ?? `exit code ${code}`}): ${stderr.trim() || 'no output'}`));
    });
  });
}
