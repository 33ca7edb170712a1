import { BrowserWindow, session, shell } from 'electron';
import { PAGE_URL } from './protocol.js';

/**
 * The one window, Signal-style: sandboxed, isolated, no Node. It may only show our own page;
 * links to the web open in the user's browser, never inside the app.
 */
export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Biblio',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // A file dropped outside the drop zone would otherwise navigate the window to that file.
  win.webContents.on('will-navigate', (event, url) => {
    if (url.split('#')[0] !== PAGE_URL) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadURL(PAGE_URL);
  return win;
}

/** The page needs no browser permission except fullscreen video; deny the rest without asking. */
export function lockDownSession(): void {
  const allowed = new Set(['fullscreen']);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed.has(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowed.has(permission));
}
