import { IPC_CHANNELS, IPC_EVENTS } from '@biblio/shared';
import { STAGING_PATH, WS_PATH } from './static-files.js';

/**
 * The browser implementation of `BiblioApi` (`window.biblio`), served as /__biblio/host.js.
 * It is plain JavaScript text rather than compiled TypeScript: the host runs from source under tsx,
 * and a function's `toString()` would carry the transpiler's helpers into the page. It holds no
 * secret itself (it reads the per-run secret from the page's <meta>), so a foreign page that
 * includes this script learns nothing; the host checks every argument again.
 */
export function browserClientScript(): string {
  return `(() => {
  'use strict';
  const CHANNELS = new Set(${JSON.stringify(IPC_CHANNELS)});
  const EVENTS = new Set(${JSON.stringify(IPC_EVENTS)});
  const meta = document.querySelector('meta[name="biblio-host"]');
  const secret = meta ? meta.getAttribute('content') || '' : '';
  const listeners = new Map();
  const pending = new Map();
  let socket = null;
  let nextId = 1;
  let failures = 0;
  let everOpened = false;
  let markReady;
  let isReady = false;
  let ready = new Promise((resolve) => (markReady = resolve));

  function emit(event, payload) {
    for (const listener of listeners.get(event) || []) {
      try { listener(payload); } catch (error) { console.error('biblio listener failed', error); }
    }
  }

  function send(channel, args) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ type: 'invoke', id, channel, args }));
    });
  }

  function connect() {
    const url = new URL('.${WS_PATH}', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('secret', secret);
    socket = new WebSocket(url);
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      failures = 0;
      isReady = true;
      markReady();
      if (everOpened) {
        // Events sent while we were away are lost: refresh what the screens show.
        send('queue:list', []).then((items) => emit('queue:changed', items), () => {});
        send('connection:get', []).then((state) => emit('connection:changed', state), () => {});
      }
      everOpened = true;
    });
    socket.addEventListener('message', (message) => {
      let data;
      try { data = JSON.parse(message.data); } catch { return; }
      if (data.type === 'event') { emit(data.event, data.payload); return; }
      const call = pending.get(data.id);
      if (!call) return;
      pending.delete(data.id);
      if (data.ok) call.resolve(data.value === null ? undefined : data.value);
      else call.reject(new Error(data.error));
    });
    socket.addEventListener('close', () => {
      if (!opened && everOpened) {
        // Refused although the host answers: it restarted with a new secret. Reload to get it.
        fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then((r) => r.ok && location.reload(), () => {});
      }
      // Calls made while disconnected wait on \`ready\`; replace it only once it was resolved.
      if (isReady) {
        isReady = false;
        ready = new Promise((resolve) => (markReady = resolve));
      }
      for (const call of pending.values()) call.reject(new Error('The connection to the Biblio host was lost. Try again in a moment.'));
      pending.clear();
      failures += 1;
      setTimeout(connect, Math.min(5000, 200 * 2 ** failures));
    });
  }

  async function invoke(channel, ...args) {
    if (!CHANNELS.has(channel)) throw new Error('Unknown channel ' + channel);
    await ready;
    return send(channel, args);
  }

  function on(event, listener) {
    if (!EVENTS.has(event)) throw new Error('Unknown event ' + event);
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(listener);
    return () => listeners.get(event).delete(listener);
  }

  async function pathsForFiles(files) {
    const paths = [];
    for (const file of files) {
      const url = new URL('.${STAGING_PATH}', location.href);
      url.searchParams.set('name', file.name);
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'x-biblio-secret': secret, 'content-type': 'application/octet-stream', 'x-biblio-last-modified': String(file.lastModified) },
        body: file,
      });
      if (!response.ok) throw new Error('Could not copy ' + file.name + ' for upload: ' + (await response.text()).trim());
      paths.push((await response.json()).path);
    }
    return paths;
  }

  Object.defineProperty(window, 'biblio', { value: Object.freeze({ invoke, on, pathsForFiles }), enumerable: true });
  connect();
})();
`;
}
