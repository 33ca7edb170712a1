import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Just enough of Electron's main-process API to run the built main bundle in Node: the real
 * binary cannot be downloaded here. Each fake records what the app asked of it.
 */
type Listener = (...args: any[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export function fakeElectron(userData: () => string) {
  const windows: FakeWindow[] = [];
  const handlers = new Map<string, Listener>();
  const record = {
    windows,
    handlers,
    schemes: [] as unknown[],
    protocolHandler: null as Listener | null,
    tooltips: [] as string[],
    blockers: [] as string[],
    notifications: [] as { title: string; body: string }[],
    loginItems: [] as unknown[],
    quits: 0,
  };

  class FakeWindow extends Emitter {
    readonly sent: [string, unknown][] = [];
    readonly loaded: string[] = [];
    readonly webContents = Object.assign(new Emitter(), {
      setWindowOpenHandler: (_handler: Listener) => undefined,
      send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
    });
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    setProgressBar = () => undefined;
    show = () => undefined;
    focus = () => undefined;
    restore = () => undefined;
  }

  const app = Object.assign(new Emitter(), {
    setName: () => undefined,
    getVersion: () => '0.1.0-test',
    getPath: () => userData(),
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    setLoginItemSettings: (settings: unknown) => record.loginItems.push(settings),
    quit: () => {
      record.quits += 1;
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      app.emit('before-quit', event);
    },
    exit: (code: number) => {
      throw new Error(`app.exit(${code})`);
    },
  });

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel: string, fn: Listener) => handlers.set(channel, fn), removeHandler: (channel: string) => handlers.delete(channel) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => record.schemes.push(...schemes),
      handle: (_scheme: string, fn: Listener) => (record.protocolHandler = fn),
    },
    net: { fetch: async (url: string) => new Response(await readFile(fileURLToPath(url))) },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    shell: { openExternal: async () => undefined },
    dialog: { showOpenDialog: async () => ({ canceled: false, filePaths: ['/picked/a.mp4'] }) },
    nativeImage: { createFromPath: () => ({ isEmpty: () => false, resize: () => ({}) }) },
    Tray: class extends Emitter {
      setToolTip = (text: string) => record.tooltips.push(text);
      setContextMenu = () => undefined;
      destroy = () => undefined;
    },
    Menu: { buildFromTemplate: (template: unknown) => template },
    powerSaveBlocker: {
      start: (type: string) => record.blockers.push(type),
      stop: () => record.blockers.push('stop'),
      isStarted: () => true,
    },
    Notification: class {
      static isSupported = () => true;
      constructor(readonly options: { title: string; body: string }) {}
      on() {}
      show() {
        record.notifications.push(this.options);
      }
    },
  };
  return { electron, record };
}
