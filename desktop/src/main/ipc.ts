import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, parseIpcArgs, type DesktopSettings } from '@biblio/shared';
import type { DesktopCore } from '../core/api.js';

export interface IpcHooks {
  /** URL of our index.html: the only frame allowed to invoke anything. */
  pageUrl: string;
  window(): BrowserWindow | null;
  onSettings(settings: DesktopSettings): void;
}

const MEDIA_EXTENSIONS = ['mp4', 'mov', 'mkv', 'webm', 'avi', 'mp3', 'm4a', 'aac', 'wav', 'flac', 'ogg', 'opus', 'mka'];

function fromOurPage(event: IpcMainInvokeEvent, pageUrl: string): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.split('#')[0] === pageUrl;
}

async function openFiles(win: BrowserWindow | null): Promise<string[]> {
  const options: Electron.OpenDialogOptions = {
    title: 'Choose recordings to upload',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Video and audio', extensions: MEDIA_EXTENSIONS },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/**
 * One ipcMain.handle per known channel. Arguments are validated again here: the preload already
 * checked them, but the main process holds the token and must not trust a compromised renderer.
 * Returns a function that removes the handlers and event relays.
 */
export function registerIpc(core: DesktopCore, hooks: IpcHooks): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!fromOurPage(event, hooks.pageUrl)) throw new Error(`refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      const parsed = parseIpcArgs(channel, args);
      if (channel === 'dialog:openFiles') return openFiles(hooks.window());
      const result = await core.invoke(channel, parsed);
      if (channel === 'settings:set') hooks.onSettings(result as DesktopSettings);
      return result;
    });
  }
  const relays = IPC_EVENTS.map((event) =>
    core.on(event, (payload) => {
      const win = hooks.window();
      if (win && !win.isDestroyed()) win.webContents.send(event, payload);
    }),
  );
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
    for (const off of relays) off();
  };
}
