import { IPC_CHANNELS, IPC_EVENTS, type BiblioApi, type IpcArgs, type IpcChannel, type IpcEvent, type IpcEvents, type IpcResults } from '@biblio/shared';
import {
  LAST_MODIFIED_HEADER,
  LOCAL_FILE_PATH,
  SECRET_HEADER,
  SECRET_META,
  STAGING_PATH,
  WS_PATH,
  type HostMessage,
  type StagedFile,
} from '../host/protocol.js';
import { HostSocket } from './host-socket.js';

/**
 * The browser implementation of `BiblioApi` (`window.biblio`), served by the desktop host as
 * /__biblio/host.js and run before the app's script. It holds no secret itself (it reads the
 * per-run secret from the page's <meta>), so a foreign page that includes this script learns
 * nothing; the host checks every argument again.
 */

const channels: ReadonlySet<string> = new Set(IPC_CHANNELS);
const events: ReadonlySet<string> = new Set(IPC_EVENTS);
const secret = document.querySelector(`meta[name="${SECRET_META}"]`)?.getAttribute('content') ?? '';

type Listener = (payload: unknown) => void;
const listeners = new Map<IpcEvent, Set<Listener>>();

function emit(event: IpcEvent, payload: unknown): void {
  for (const listener of listeners.get(event) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error('biblio listener failed', error);
    }
  }
}

function socketUrl(): URL {
  const url = new URL(`.${WS_PATH}`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('secret', secret);
  return url;
}

const socket = new HostSocket(socketUrl, {
  event: (message: Extract<HostMessage, { type: 'event' }>) => emit(message.event, message.payload),
  reopened: () => {
    // Events sent while we were away are lost: refresh what the screens show.
    socket.send({ channel: 'queue:list', args: [] }).then((items) => emit('queue:changed', items), () => undefined);
    socket.send({ channel: 'connection:get', args: [] }).then((state) => emit('connection:changed', state), () => undefined);
  },
});

const biblio: BiblioApi = {
  async invoke<C extends IpcChannel>(channel: C, ...args: IpcArgs<C>): Promise<IpcResults[C]> {
    if (!channels.has(channel)) throw new Error(`Unknown channel ${String(channel)}`);
    await socket.whenOpen();
    return (await socket.send({ channel, args })) as IpcResults[C];
  },

  on<E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void) {
    if (!events.has(event)) throw new Error(`Unknown event ${String(event)}`);
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    const untyped = listener as Listener;
    set.add(untyped);
    return () => {
      set.delete(untyped);
    };
  },

  async pathsForFiles(files, droppedPaths = []) {
    const paths: string[] = [];
    for (const file of files) {
      // Read in place where a drop told us the path (and the host confirms it is this file).
      const local = await localPathOf(file, droppedPaths);
      if (local) {
        paths.push(local);
        continue;
      }
      const url = new URL(`.${STAGING_PATH}`, location.href);
      url.searchParams.set('name', file.name);
      const response = await fetch(url, {
        method: 'PUT',
        headers: { [SECRET_HEADER]: secret, 'content-type': 'application/octet-stream', [LAST_MODIFIED_HEADER]: String(file.lastModified) },
        body: file,
      });
      if (!response.ok) throw new Error(`Could not copy ${file.name} for upload: ${(await response.text()).trim()}`);
      paths.push(((await response.json()) as StagedFile).path);
    }
    return paths;
  },
};

/** The dropped path naming this file, if the host confirms it is the same file; else null. */
async function localPathOf(file: File, droppedPaths: readonly string[]): Promise<string | null> {
  const candidate = droppedPaths.find((p) => p.split(/[\\/]/).pop()?.normalize('NFC') === file.name.normalize('NFC'));
  if (!candidate) return null;
  try {
    const response = await fetch(new URL(`.${LOCAL_FILE_PATH}`, location.href), {
      method: 'POST',
      headers: { [SECRET_HEADER]: secret, 'content-type': 'application/json' },
      body: JSON.stringify({ path: candidate, name: file.name, size: file.size, lastModified: file.lastModified }),
    });
    return response.ok ? ((await response.json()) as StagedFile).path : null;
  } catch {
    return null;
  }
}

Object.defineProperty(window, 'biblio', { value: Object.freeze(biblio), enumerable: true });
socket.connect();
