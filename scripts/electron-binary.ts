import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The installed Electron executable, or undefined. Reads the electron package's path.txt
 * instead of require('electron'): since Electron 42 that require downloads the binary on first
 * use, which is slow and fails on machines without access to its download host.
 */
export function installedElectron(root: string): string | undefined {
  if (process.env['ELECTRON_OVERRIDE_DIST_PATH']) {
    const binary = path.join(process.env['ELECTRON_OVERRIDE_DIST_PATH'], 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  try {
    const pkg = createRequire(path.join(root, 'desktop/package.json')).resolve('electron/package.json');
    const pathFile = path.join(path.dirname(pkg), 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = path.join(path.dirname(pkg), 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
