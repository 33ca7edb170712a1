import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: entry points are spawned from here, with paths relative to it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
