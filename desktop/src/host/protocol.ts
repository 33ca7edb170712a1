import type { IpcChannel, IpcEvent } from '@biblio/shared';

/**
 * The wire contract between the browser host (Node, server.ts + bridge.ts) and its page-side
 * client (host-client/, built for the browser by Vite). Constants and types only: both sides
 * import this file, so it must stay free of Node and DOM APIs.
 */

/** Where the host serves the built client; a classic script injected before the app's. */
export const CLIENT_PATH = '/__biblio/host.js';
export const WS_PATH = '/__biblio/ws';
export const STAGING_PATH = '/__biblio/staging';
/** POST {path,name,size,lastModified}: 200 {path} when that path is the page's file (no copy), else 404. */
export const LOCAL_FILE_PATH = '/__biblio/local-file';
/** The <meta name=...> that carries the per-run secret into the page. */
export const SECRET_META = 'biblio-host';
/** Headers of a staging PUT. */
export const SECRET_HEADER = 'x-biblio-secret';
export const LAST_MODIFIED_HEADER = 'x-biblio-last-modified';

/** Page -> host. */
export interface InvokeMessage {
  type: 'invoke';
  id: number;
  channel: IpcChannel;
  args: unknown[];
}

/** Host -> page: the answer to an invoke, or a core event. */
export type HostMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string }
  | { type: 'event'; event: IpcEvent; payload: unknown };

/** The answer to a staging PUT. */
export interface StagedFile {
  path: string;
}
