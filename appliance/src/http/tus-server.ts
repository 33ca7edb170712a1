import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERRORS, EVENTS, type Locker, type Upload } from '@tus/utils';
import { Server } from '@tus/server';
import type { Logger } from 'pino';
import { uploadObjectKey } from '../domain/media.js';
import { validateUploadRequest } from '../domain/upload-metadata.js';
import type { User } from '../domain/media.js';
import type { Metrics } from '../adapters/metrics/registry.js';
import type { UploadStorage } from '../ports/upload-storage.js';
import type { Uploads } from '../services/uploads.js';
import { HttpError, sendError } from './respond.js';
import { addLogContext } from '../services/log-context.js';
import { isUuid } from './router.js';

export const TUS_PATH = '/files';
/**
 * The authenticated owner of each request in flight. Hooks receive srvx's web Request, which
 * keeps a handle on the Node request; keying on it (rather than on an injected header) leaves
 * nothing a client could spoof.
 */
const owners = new WeakMap<object, string>();

type HookRequest = { runtime?: { node?: { req?: object } } };

function ownerOf(req: HookRequest): string {
  const nodeReq = req.runtime?.node?.req;
  const owner = nodeReq && owners.get(nodeReq);
  if (!owner) throw new Error('tus request reached a hook without an authenticated owner');
  return owner;
}

function mediaIdOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** uploads/{ownerId}/{mediaId} -> ownerId. Events can fire after their request is gone
 * (progress is throttled), so they read the owner from the key, never from the request. */
function ownerOfKey(key: string): string {
  return key.split('/')[1] ?? '';
}

/** A tus error response carrying the contract's JSON error body. */
function tusError(status: number, code: string, message: string, field?: string) {
  return { status_code: status, body: JSON.stringify(new HttpError(status, code, message, field).body()) };
}

export interface TusOptions {
  storage: UploadStorage;
  uploads: Uploads;
  maxUploadBytes: number;
  trustProxy: boolean;
  metrics: Metrics;
  /** Shared across api replicas (Redis); the in-memory default suits one process. */
  locker?: Locker;
  log: Logger;
}

/**
 * The tus 1.0.0 endpoint. Upload ids are `uploads/{ownerId}/{mediaId}` but URLs carry only the
 * media id: the id is rebuilt from the authenticated owner, so another owner's upload URL
 * resolves to a key that does not exist and answers 404.
 */
export function createTusHandler(options: TusOptions) {
  const { uploads, log } = options;
  const tus = new Server({
    path: TUS_PATH,
    datastore: options.storage.datastore,
    respectForwardedHeaders: options.trustProxy,
    ...(options.locker ? { locker: options.locker } : {}),
    // Bytes beyond Upload-Length are refused by tus itself; the limit is checked (with a JSON
    // 413) in onUploadCreate, so no maxSize here.
    namingFunction: (req) => uploadObjectKey(ownerOf(req), randomUUID()),
    generateUrl: (_req, { proto, host, path, id }) => `${proto}://${host}${path}/${mediaIdOfKey(id)}`,
    getFileIdFromRequest: (req, lastPath) => {
      if (!lastPath || !isUuid(lastPath)) return undefined;
      addLogContext({ mediaId: lastPath.toLowerCase() });
      return uploadObjectKey(ownerOf(req), lastPath.toLowerCase());
    },
    onUploadCreate: async (req, upload: Upload) => {
      addLogContext({ mediaId: mediaIdOfKey(upload.id) });
      const checked = validateUploadRequest(upload.metadata ?? {}, upload.size, options.maxUploadBytes);
      if (!checked.ok) {
        const { status, code, message, field } = checked.rejection;
        throw tusError(status, code, message, field);
      }
      await uploads.create(ownerOf(req), mediaIdOfKey(upload.id), checked.value, upload.size!);
      options.metrics.uploadsCreated.inc();
      return {};
    },
    onUploadFinish: async (_req, upload: Upload) => {
      const size = upload.size ?? upload.offset;
      if (await uploads.finish(mediaIdOfKey(upload.id), size)) {
        options.metrics.uploadsFinished.inc();
        options.metrics.uploadBytes.inc(size);
      }
      return {};
    },
    onResponseError: (_req, error) => {
      if (error === ERRORS.ERR_LOCK_TIMEOUT) {
        return tusError(423, 'locked', 'another request is writing this upload right now; retry in a moment');
      }
      if ('status_code' in error && typeof error.body === 'string' && !error.body.startsWith('{')) {
        return tusError(error.status_code, 'tus_error', error.body.trim());
      }
      if (!('status_code' in error)) {
        log.error({ err: error }, 'tus request failed');
        return tusError(500, 'internal', 'the upload could not be stored; try again');
      }
      return undefined;
    },
  });
  tus.on(EVENTS.POST_RECEIVE, (_req, upload) => {
    uploads.progress(ownerOfKey(upload.id), mediaIdOfKey(upload.id), upload.offset).catch((err: unknown) => log.warn({ err }, 'progress update failed'));
  });
  tus.on(EVENTS.POST_TERMINATE, (_req, _res, id) => {
    uploads.terminated(ownerOfKey(id), mediaIdOfKey(id)).catch((err: unknown) => log.error({ err }, 'termination bookkeeping failed'));
  });

  return async (req: IncomingMessage, res: ServerResponse, user: User): Promise<void> => {
    const method = req.method ?? 'GET';
    // @tus/server answers 400 where tus 1.0.0 says 412 (version) and 415 (content type).
    if (method !== 'OPTIONS') {
      const version = req.headers['tus-resumable'];
      if (version !== '1.0.0') {
        sendError(res, new HttpError(412, 'unsupported_tus_version', 'Tus-Resumable must be 1.0.0', 'Tus-Resumable', { 'Tus-Version': '1.0.0' }));
        return;
      }
    }
    if (method === 'PATCH' && req.headers['content-type'] !== 'application/offset+octet-stream') {
      sendError(res, new HttpError(415, 'unsupported_media_type', 'PATCH needs Content-Type: application/offset+octet-stream', 'Content-Type'));
      return;
    }
    owners.set(req, user.id);
    const streaming = method === 'PATCH' || (method === 'POST' && req.headers['content-type'] === 'application/offset+octet-stream');
    if (streaming) {
      options.metrics.activeUploads.inc();
      res.once('close', () => options.metrics.activeUploads.dec());
    }
    await tus.handle(req, res);
  };
}

export type TusHandler = ReturnType<typeof createTusHandler>;
