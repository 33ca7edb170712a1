import type { IpcArgs, IpcChannel, IpcEvent, IpcEvents, IpcResults } from '@biblio/shared';

/**
 * The desktop core as every shell sees it: the Electron main process, the loopback browser host
 * and the CLI all drive the same object. Plain Node: no Electron import anywhere in core/.
 */
export interface DesktopCore {
  /** Runs one IPC channel. Arguments are already validated with `parseIpcArgs`. */
  invoke<C extends IpcChannel>(channel: C, args: IpcArgs<C>): Promise<IpcResults[C]>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
  /** Stops uploads cleanly (their offsets are on the server) and persists the queue. */
  close(): Promise<void>;
}

export interface DesktopCoreOptions {
  /** Where the queue, settings, token and preview cache are persisted. */
  stateDir: string;
  appVersion: string;
  shell: 'electron' | 'browser' | 'cli';
  /** FFmpeg/ffprobe binaries; default: @ffmpeg-installer/@ffprobe-installer, else the system's. */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Pre-pairing used by `npm start` (only applied when no server is saved yet). */
  initialServer?: { serverUrl: string; token: string };
  /** Where library downloads are saved; default ~/Downloads. */
  downloadsDir?: string;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
}
