/**
 * The one preload of the one window (Signal-style): exposes `window.biblio` and nothing else.
 * Sandboxed, so it is bundled to CommonJS with @biblio/shared and zod inside (see vite.config.ts).
 * Like VS Code's preload it only passes known channels, and it validates arguments with the shared
 * schemas before anything crosses to the main process (which validates again: it trusts no one).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, parseIpcArgs, type BiblioApi, type IpcEvent, type IpcEvents } from '@biblio/shared';
import { z } from 'zod';

const channels: ReadonlySet<string> = new Set(IPC_CHANNELS);
const events: ReadonlySet<string> = new Set(IPC_EVENTS);

/** Errors cross the context bridge as message only, so the message must say which field is wrong. */
function describe(error: unknown): Error {
  if (!(error instanceof z.ZodError)) return error instanceof Error ? error : new Error(String(error));
  const parts = error.issues.map((issue) => {
    const field = issue.path.slice(1).map(String).join('.');
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  return new Error(`Invalid arguments: ${parts.join('; ')}`);
}

const biblio: BiblioApi = {
  invoke(channel, ...args) {
    if (!channels.has(channel)) return Promise.reject(new Error(`Unknown channel ${String(channel)}`));
    let parsed: unknown[];
    try {
      parsed = parseIpcArgs(channel, args);
    } catch (error) {
      return Promise.reject(describe(error));
    }
    return ipcRenderer.invoke(channel, ...parsed);
  },

  on<E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void) {
    if (!events.has(event)) throw new Error(`Unknown event ${String(event)}`);
    // The renderer never sees the IpcRendererEvent (it carries the sender and ports).
    const relay = (_event: IpcRendererEvent, payload: IpcEvents[E]) => listener(payload);
    ipcRenderer.on(event, relay);
    return () => {
      ipcRenderer.removeListener(event, relay);
    };
  },

  async pathsForFiles(files) {
    return files.map((file) => {
      const filePath = webUtils.getPathForFile(file);
      if (!filePath) throw new Error(`${file.name} is not a file on this computer (was it dragged from a web page?)`);
      return filePath;
    });
  },
};

contextBridge.exposeInMainWorld('biblio', biblio);
