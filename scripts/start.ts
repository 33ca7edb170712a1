/**
 * `npm start`: the appliance on embedded defaults plus the desktop UI. Electron when its binary
 * is installed; otherwise the desktop host serves the same UI at a printed localhost URL.
 * The UI is paired with the local appliance on first start (an admin token kept in the data dir).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedElectron } from './electron-binary.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(process.env['BIBLIO_DATA_DIR'] ?? path.join(ROOT, 'data'));
const children: ChildProcess[] = [];
/** The browser UI's port stays the same across runs (bookmarks, and the browser's per-port storage). */
const DEFAULT_UI_PORT = 8090;

function uiPort(): string {
  const raw = process.env['BIBLIO_UI_PORT'];
  if (raw === undefined || raw === '') return String(DEFAULT_UI_PORT);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`BIBLIO_UI_PORT must be a port number 0-65535, got "${raw}"`);
  return String(value);
}

async function localAdminToken(): Promise<string> {
  if (process.env['BIBLIO_ADMIN_TOKEN']) return process.env['BIBLIO_ADMIN_TOKEN'];
  const file = path.join(dataDir, 'local-admin-token');
  const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (saved) return saved;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = `bib_local_${randomBytes(24).toString('base64url')}`;
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return token;
}

/**
 * Children run in their own process group: a terminal's Ctrl-C reaches only this script, which
 * sends each child exactly one SIGTERM and waits for their ordered shutdowns (a signal from the
 * terminal plus ours would count as a second, "exit now" signal). Their stdin is a pipe from us:
 * if this script dies without cleaning up, they see it close and shut down by themselves.
 */
function run(name: string, nodeArgs: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: { ...env, BIBLIO_STOP_WITH_PARENT: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      seen += chunk.toString();
      const match = ready.exec(seen);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code}`)));
  });
}


/**
 * The appliance's stdout is a pipe to us (we watch it for its URL), so its own `auto` log format
 * would pick JSON: when our stdout is a terminal, ask for readable, coloured lines instead.
 * BIBLIO_LOG_FORMAT and NO_COLOR set by the user win.
 */
function terminalLogs(): NodeJS.ProcessEnv {
  if (!process.stdout.isTTY || process.env['BIBLIO_LOG_FORMAT']) return {};
  return { BIBLIO_LOG_FORMAT: 'pretty', ...('NO_COLOR' in process.env ? {} : { FORCE_COLOR: '1' }) };
}

/** The appliance's own deadline (BIBLIO_SHUTDOWN_TIMEOUT, 20 s) plus a margin. */
const WAIT_FOR_CHILDREN_MS = 30_000;
let shuttingDown = false;

/** `bySignal`: a signal from the user (a second one exits at once); else a child exited. */
function shutdown(code: number, bySignal = false): void {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (shuttingDown) {
    if (!bySignal) return; // a child ending during the shutdown is what we wait for
    // Second Ctrl-C: pass it on; the appliance and the host exit at once on a second signal.
    for (const child of running) child.kill('SIGTERM');
    process.exit(code || 130);
  }
  shuttingDown = true;
  for (const child of running) child.kill('SIGTERM');
  const exited = running.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  const timer = setTimeout(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(1);
  }, WAIT_FOR_CHILDREN_MS);
  void Promise.all(exited).then(() => {
    clearTimeout(timer);
    process.exit(code);
  });
}

async function main(): Promise<void> {
  // The data dir (admin token, database, uploads) is private to this account; the appliance
  // child inherits the umask and sets it again itself.
  process.umask(0o077);
  const hostPort = uiPort(); // a bad BIBLIO_UI_PORT fails before anything starts
  const token = await localAdminToken();
  const env = { ...process.env, ...terminalLogs(), BIBLIO_DATA_DIR: dataDir, BIBLIO_ADMIN_TOKEN: token };
  // Compiled JavaScript, as in the docker image: no TypeScript loader in the long-running
  // process, which saves it tens of MB of memory. Incremental: seconds when nothing changed.
  const compiled = spawnSync(process.execPath, ['scripts/build-appliance.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (compiled.status !== 0) throw new Error('compiling the appliance failed (npm run build:appliance)');
  // The heap floor of docker/Dockerfile's CMD: without it an upload after idle costs 2.5x the CPU.
  const applianceArgs = ['--initial-heap-size=128', '--conditions=biblio-compiled', 'appliance/dist/main/appliance.js'];
  // Two malloc arenas, as in the docker image (see docker/Dockerfile): about 75 MB less RSS.
  const { child: appliance, url } = await run('the appliance', applianceArgs, { MALLOC_ARENA_MAX: '2', ...env }, /listening on (http:\/\/\S+)/);
  appliance.once('exit', (code) => shutdown(code ?? 1));

  const built = spawnSync('npm', ['run', '--silent', 'desktop:build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the desktop UI failed (npm run desktop:build)');
  const pairing = { BIBLIO_INITIAL_SERVER: url, BIBLIO_INITIAL_TOKEN: token };
  const stateDir = process.env['BIBLIO_CLIENT_STATE_DIR'] ?? path.join(dataDir, 'desktop');
  const electron = installedElectron(ROOT);
  if (electron) {
    // The heap floor of the appliance's launch, for the main process that reads and uploads files.
    const app = spawn(electron, ['--js-flags=--initial-heap-size=128', path.join(ROOT, 'desktop')], { cwd: ROOT, env: { ...process.env, ...pairing, BIBLIO_CLIENT_STATE_DIR: stateDir }, stdio: 'inherit' });
    // Electron stays in our group: closing the terminal closes the window too.
    children.push(app);
    app.once('exit', () => shutdown(0));
    return;
  }
  const hostEnv = { ...process.env, ...pairing, BIBLIO_CLIENT_STATE_DIR: stateDir, BIBLIO_HOST_PORT: hostPort, BIBLIO_HOST_PORT_FALLBACK: '1' };
  const { url: ui } = await run('the desktop host', ['--initial-heap-size=128', '--import', 'tsx', 'desktop/src/host/main.ts'], hostEnv, /Biblio desktop UI: (http:\/\/\S+)/);
  process.stdout.write(`\nThe Electron binary is not installed here; open the desktop UI in a browser: ${ui}\n`);
}

process.on('SIGINT', () => shutdown(0, true));
process.on('SIGTERM', () => shutdown(0, true));
process.on('SIGHUP', () => shutdown(0, true));
main().catch((error: unknown) => {
  process.stderr.write(`biblio start: ${(error as Error).message}\n`);
  shutdown(1);
});
