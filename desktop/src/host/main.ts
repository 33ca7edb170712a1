/**
 * `npm run desktop:host`: the desktop core plus the real renderer served to a browser over a
 * loopback WebSocket, for e2e tests and machines without Electron.
 *
 * Environment: BIBLIO_HOST_PORT (0 = a free port), BIBLIO_HOST_PORT_FALLBACK=1 (a free port
 * when that one is taken, said on stdout; else a taken port is an error), BIBLIO_CLIENT_STATE_DIR (default: the user
 * config folder), BIBLIO_INITIAL_SERVER + BIBLIO_INITIAL_TOKEN (pairing used when none is saved),
 * BIBLIO_RENDERER_DIR (default: desktop/dist/renderer).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDesktopCore } from '../core/index.js';
import type { Log } from './bridge.js';
import { startHost } from './server.js';
import { defaultStateDir } from './state-dir.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// From desktop/src/host (tsx) and from desktop/dist/host (tsc output) alike.
const desktopDir = path.resolve(here, '../..');

const log: Log = (level, message, detail) => {
  const suffix = detail instanceof Error ? `: ${detail.message}` : detail === undefined ? '' : ` ${JSON.stringify(detail)}`;
  process.stderr.write(`[${level}] ${message}${suffix}\n`);
};

function port(raw: string | undefined): number {
  const value = Number(raw ?? '0');
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`BIBLIO_HOST_PORT must be a port number 0-65535, got "${raw}"`);
  return value;
}

function initialServer(env: NodeJS.ProcessEnv): { serverUrl: string; token: string } | undefined {
  const serverUrl = env['BIBLIO_INITIAL_SERVER'];
  const token = env['BIBLIO_INITIAL_TOKEN'];
  if (!serverUrl && !token) return undefined;
  if (!serverUrl || !token) throw new Error('set both BIBLIO_INITIAL_SERVER and BIBLIO_INITIAL_TOKEN, or neither');
  return { serverUrl, token };
}

async function main(): Promise<void> {
  const env = process.env;
  const stateDir = path.resolve(env['BIBLIO_CLIENT_STATE_DIR'] || defaultStateDir());
  const { version } = JSON.parse(readFileSync(path.join(desktopDir, 'package.json'), 'utf8')) as { version: string };
  const pairing = initialServer(env);
  const downloadsDir = env['BIBLIO_DOWNLOADS_DIR'];
  const core = await createDesktopCore({
    stateDir,
    appVersion: version,
    shell: 'browser',
    log,
    ...(pairing ? { initialServer: pairing } : {}),
    ...(downloadsDir ? { downloadsDir: path.resolve(downloadsDir) } : {}),
  });
  const wanted = port(env['BIBLIO_HOST_PORT']);
  const start = (at: number) =>
    startHost({
      core,
      rendererDir: path.resolve(env['BIBLIO_RENDERER_DIR'] || path.join(desktopDir, 'dist/renderer')),
      stagingDir: path.join(stateDir, 'staging'),
      port: at,
      log,
    });
  let host;
  try {
    host = await start(wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (env['BIBLIO_HOST_PORT_FALLBACK'] !== '1') {
      await core.close();
      throw new Error(`port ${wanted} is already in use (another Biblio host?); choose another with BIBLIO_HOST_PORT, or 0 for any free port`, { cause: error });
    }
    host = await start(0);
    // Said plainly: a browser keeps per-port data, and bookmarks point at the usual port.
    process.stdout.write(`Port ${wanted} is in use, so the desktop UI is on port ${host.port} this time (set BIBLIO_UI_PORT to choose another port).\n`);
  }
  process.stdout.write(`Biblio desktop UI: ${host.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C: the user wants out now; uploads resume from the server's offset anyway.
      log('warn', `${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    log('info', `${signal}: closing the host and the desktop core`);
    setTimeout(() => {
      log('error', `shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Uploads stop at a chunk boundary inside core.close(); their offsets are on the server.
    host
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log('error', 'shutdown failed', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  // Under `npm start` our stdin is a pipe from the launcher: its end means the launcher died.
  if (process.env['BIBLIO_STOP_WITH_PARENT'] === '1') {
    process.stdin.on('end', () => stop('parent exited'));
    process.stdin.resume();
  }
}

/** The host always exits within this, whatever an upload or the network does. */
const SHUTDOWN_DEADLINE_MS = 10_000;

main().catch((error: unknown) => {
  process.stderr.write(`biblio desktop host: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
