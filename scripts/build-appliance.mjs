// @ts-check
/**
 * `npm run build:appliance`: the appliance and the packages it imports (shared, node-kit)
 * compiled to JavaScript in their dist/ folders (tsc, the same project references
 * `npm run typecheck` builds), plus every
 * non-TypeScript file kept next to the sources (none today: the migrations became TypeScript;
 * a data file added later is copied without anyone having to remember it).
 * Run it with `node --conditions=biblio-compiled appliance/dist/main/appliance.js`: the
 * condition makes `@biblio/shared` and `@biblio/node-kit` resolve to their dist/ instead of
 * their TypeScript sources.
 * The docker image does exactly this. Plain JavaScript so that it runs before anything is built.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(ROOT, ...parts);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Incremental, with the build info `npm run typecheck` keeps: quick when nothing changed.
const compiled = spawnSync(process.execPath, [tsc, '-b', at('appliance/tsconfig.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const COMPILER_OUTPUT = /\.(js|js\.map|d\.ts|d\.ts\.map|tsbuildinfo)$/;
const isSource = (name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts');

/** Relative paths of the files under `dir` whose name passes `keep`. */
function filesUnder(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/**
 * Mirrors the files of `from` that are not TypeScript into `to`: copies them and deletes the
 * ones no longer in `from` (a migration removed from the sources must not be applied from dist).
 */
function syncAssets(from, to) {
  const assets = filesUnder(from, (name) => !isSource(name));
  const wanted = new Set(assets);
  for (const stale of filesUnder(to, (name) => !COMPILER_OUTPUT.test(name))) {
    if (!wanted.has(stale)) rmSync(path.join(to, stale));
  }
  for (const asset of assets) cpSync(path.join(from, asset), path.join(to, asset));
  return assets.length;
}

const assets = ['appliance', 'shared', 'node-kit'].reduce((sum, pkg) => sum + syncAssets(at(pkg, 'src'), at(pkg, 'dist')), 0);
process.stdout.write(`build:appliance: appliance, shared and node-kit compiled to dist/, ${assets} asset files copied\n`);
