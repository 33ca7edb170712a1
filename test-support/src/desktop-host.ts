import { NODE_HEAP_FLOOR_ARGS, startEntry, type RunningProcess } from './processes.js';

/** `npm run desktop:host`'s entry point: the real renderer and core, with the core's state in `stateDir`. */
export function startDesktopHost(stateDir: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<RunningProcess> {
  return startEntry('desktop/src/host/main.ts', {
    env: { ...process.env, BIBLIO_CLIENT_STATE_DIR: stateDir, BIBLIO_HOST_PORT: String(options.port ?? 0), ...options.env },
    ready: /^Biblio desktop UI: (http:\/\/127\.0\.0\.1:\d+\/)$/m,
    nodeArgs: NODE_HEAP_FLOOR_ARGS,
  });
}
