/**
 * Electron main process: thin glue around the desktop core. Everything that is not a window,
 * tray, notification, sleep blocker, login item or updater lives in core/ (shared with the host
 * and the CLI). Bundled by `vite build --mode main` to dist/electron/main.js.
 *
 * Environment: BIBLIO_CLIENT_STATE_DIR (default <userData>/state), BIBLIO_INITIAL_SERVER +
 * BIBLIO_INITIAL_TOKEN (pairing when none is saved), BIBLIO_UPDATE_URL (generic update feed).
 */
import { app, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DesktopSettings } from '@biblio/shared';
import type { DesktopCore } from '../core/api.js';
import { createDesktopCore } from '../core/index.js';
import { registerIpc } from './ipc.js';
import { createMediaNotifier } from './notifications.js';
import { createKeepAwake } from './power.js';
import { overallProgress } from './progress.js';
import { createTray } from './tray.js';
import { startUpdater } from './updater.js';
import { PAGE_URL, registerAppScheme, serveRenderer } from './protocol.js';
import { createMainWindow, lockDownSession } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const paths = {
  preload: path.join(here, 'preload.cjs'),
  renderer: path.join(here, '../renderer'),
  // build/ is packed explicitly for this (electron-builder.yml `files`).
  icon: path.join(here, '../../build/icon.png'),
};

type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
const log: Log = (level, message, detail) => console[level](`[biblio] ${message}`, detail ?? '');

// Same userData folder whether started as the packaged app or as `electron dist/electron/main.js`.
app.setName('Biblio');
registerAppScheme();

function initialServer(): { serverUrl: string; token: string } | undefined {
  const serverUrl = process.env['BIBLIO_INITIAL_SERVER'];
  const token = process.env['BIBLIO_INITIAL_TOKEN'];
  return serverUrl && token ? { serverUrl, token } : undefined;
}

/** Start on login only for the installed app: in development it would register the bare electron binary. */
function applyLoginItem(settings: DesktopSettings): void {
  if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: settings.startOnLogin });
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSession();
  serveRenderer(paths.renderer);
  const stateDir = process.env['BIBLIO_CLIENT_STATE_DIR'] || path.join(app.getPath('userData'), 'state');
  const pairing = initialServer();
  const core: DesktopCore = await createDesktopCore({
    stateDir,
    appVersion: app.getVersion(),
    shell: 'electron',
    log,
    downloadsDir: app.getPath('downloads'),
    ...(pairing ? { initialServer: pairing } : {}),
  });
  let settings = await core.invoke('settings:get', []);
  applyLoginItem(settings);

  let win: BrowserWindow | null = null;
  let uploading = false;
  const show = () => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow(paths.preload);
      win.on('closed', () => (win = null));
    } else {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
  };

  registerIpc(core, {
    pageUrl: PAGE_URL,
    window: () => win,
    onSettings: (next) => {
      settings = next;
      applyLoginItem(next);
    },
  });

  const quit = () => app.quit();
  const tray = createTray(paths.icon, {
    show,
    pauseAll: () => void core.invoke('queue:pauseAll', []),
    resumeAll: () => void core.invoke('queue:resumeAll', []),
    quit,
  });
  const keepAwake = createKeepAwake();
  core.on('queue:changed', (items) => {
    const overall = overallProgress(items);
    uploading = overall.active > 0;
    tray.update(overall);
    keepAwake.update(overall.uploading > 0);
    if (win && !win.isDestroyed()) win.setProgressBar(overall.fraction ?? -1);
  });
  core.on('media:event', createMediaNotifier(() => settings.notifications, show));
  const stopUpdater = startUpdater(process.env['BIBLIO_UPDATE_URL'], log);

  app.on('second-instance', show);
  app.on('activate', show);
  // Closing the window while uploads run keeps them going in the tray; otherwise quit as usual.
  app.on('window-all-closed', () => {
    if (!uploading && process.platform !== 'darwin') quit();
  });
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    stopUpdater();
    keepAwake.stop();
    // Let the core stop uploads at a clean point and persist the queue before the process ends.
    core
      .close()
      .catch((error: unknown) => log('error', 'closing the core failed', error))
      .finally(() => {
        closed = true;
        tray.destroy();
        app.quit();
      });
  });
  show();
}

if (!app.requestSingleInstanceLock()) {
  // Another Biblio owns the queue; it shows its window on 'second-instance'.
  app.quit();
} else {
  start().catch((error: unknown) => {
    log('error', 'Biblio could not start', error);
    app.exit(1);
  });
}
