import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENTS, type CancellationContext, type Locker, type Upload } from '@tus/utils';
import { Server } from '@tus/server';
import type { Logger } from 'pino';
import { parseUploadKey, uploadObjectKey } from '../domain/storage-keys.js';
import { validateUploadRequest } from '../domain/upload-metadata.js';
import type { User } from '../domain/media.js';
import type { UploadStorage } from '../ports/upload-storage.js';
import { QuotaExceededError, type Uploads } from '../services/uploads.js';
import type { UploadDigests } from '../services/upload-digests.js';
import { HashingDataStore } from './hashing-datastore.js';
import { HttpError, sendError } from './respond.js';
import { addLogContext } from '../services/log-context.js';
import { isUuid } from './router.js';
import { checkTusRequest } from './tus-request-checks.js';
import { internalUploadError, tusErrorAsJson } from './tus-errors.js';

export const TUS_PATH = '/files';

interface InFlight {
  owner: string;
  /** The upload this POST created, until it answered 201: undone if the POST fails after all. */
  created?: string;
}

/**
 * The authenticated owner of each request in flight. Hooks receive srvx's web Request, which
 * keeps a handle on the Node request; keying on it (rather than on an injected header) leaves
 * nothing a client could spoof.
 */
const inFlight = new WeakMap<object, InFlight>();

type HookRequest = { runtime?: { node?: { req?: object } } };

function nodeReqOf(req: HookRequest): IncomingMessage | undefined {
  return req.runtime?.node?.req as IncomingMessage | undefined;
}

function stateOf(req: HookRequest): InFlight {
  const nodeReq = nodeReqOf(req);
  const state = nodeReq && inFlight.get(nodeReq);
  if (!state) throw new Error('tus request reached a hook without an authenticated owner');
  return state;
}

function mediaIdOfKey(key: string): string {
  return parseUploadKey(key)?.mediaId ?? '';
}

/** Events can fire after their request is gone (progress is throttled), so they read the
 * owner from the key, never from the request. */
function ownerOfKey(key: string): string {
  return parseUploadKey(key)?.ownerId ?? '';
}

/** ENOSPC/EDQUOT from the file store, or the S3 server saying it has no room. */
function isOutOfSpace(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? (error as { Code?: string }).Code ?? error.name;
  return ['ENOSPC', 'EDQUOT', 'XMinioStorageFull', 'InsufficientStorage'].includes(code ?? '') || /no space left on device/i.test(error.message);
}

/** A tus error response carrying the contract's JSON error body. */
function tusError(error: HttpError) {
  return { status_code: error.status, body: JSON.stringify(error.body()) };
}

/**
 * @tus/server with every error answered as the contract's JSON (`write` is where all of its
 * non-success responses are built, including header validation it does before any hook).
 */
class JsonErrorTusServer extends Server {
  override write(context: CancellationContext, headers: Headers, status: number, body = '') {
    if (status < 400) return super.write(context, headers, status, body);
    const error = tusErrorAsJson(status, body);
    headers.set('Content-Type', 'application/json; charset=utf-8');
    headers.set('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
    return super.write(context, headers, error.status, JSON.stringify(error.body()));
  }
}

/** The counters the tus handler moves (prom-client's Counter and Gauge fit). */
export interface UploadMetrics {
  uploadsCreated: { inc(): void };
  uploadsFinished: { inc(): void };
  uploadBytes: { inc(value: number): void };
  activeUploads: { inc(): void; dec(): void };
}

export interface TusOptions {
  storage: UploadStorage;
  uploads: Uploads;
  /** Hashes every upload as it is written (the sha256 of GET /api/media?sha256=). */
  digests: UploadDigests;
  maxUploadBytes: number;
  metrics: UploadMetrics;
  /** The origin for Location headers (never the request's Host). */
  publicOrigin: (req: IncomingMessage) => string;
  /** Browser origins allowed by CORS. */
  corsOrigins: readonly string[];
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
  const tus = new JsonErrorTusServer({
    path: TUS_PATH,
    datastore: new HashingDataStore(options.storage.datastore, options.digests),
    respectForwardedHeaders: false,
    allowedOrigins: (origin) => options.corsOrigins.includes(origin),
    ...(options.locker ? { locker: options.locker } : {}),
    // Bytes beyond Upload-Length are refused by tus itself; the limit is checked (with a JSON
    // 413) in onUploadCreate, so no maxSize here.
    namingFunction: (req) => uploadObjectKey(stateOf(req).owner, randomUUID()),
    generateUrl: (req, { path, id }) => {
      const nodeReq = nodeReqOf(req);
      if (!nodeReq) throw new Error('tus request without its Node request');
      return `${options.publicOrigin(nodeReq)}${path}/${mediaIdOfKey(id)}`;
    },
    getFileIdFromRequest: (req, lastPath) => {
      if (!lastPath || !isUuid(lastPath)) return undefined;
      addLogContext({ mediaId: lastPath.toLowerCase() });
      return uploadObjectKey(stateOf(req).owner, lastPath.toLowerCase());
    },
    onUploadCreate: async (req, upload: Upload) => {
      addLogContext({ mediaId: mediaIdOfKey(upload.id) });
      const checked = validateUploadRequest(upload.metadata ?? {}, upload.size, options.maxUploadBytes);
      if (!checked.ok) {
        const { status, code, message, field } = checked.rejection;
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- @tus/server's protocol: a {status_code, body} object is its HTTP answer
        throw tusError(new HttpError(status, code, message, field));
      }
      const state = stateOf(req);
      try {
        await uploads.create(state.owner, mediaIdOfKey(upload.id), checked.value, upload.size!);
      } catch (error) {
        if (error instanceof QuotaExceededError) {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- @tus/server's protocol: a {status_code, body} object is its HTTP answer
          throw tusError(new HttpError(413, error.rejection.code, error.rejection.message, error.rejection.field));
        }
        throw error;
      }
      state.created = upload.id;
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
    onResponseError: async (req, error) => {
      // A creation that fails after its row was inserted (body longer than Upload-Length, a
      // storage error) leaves nothing behind: the client never learnt the URL to resume it.
      const state = nodeReqOf(req) && inFlight.get(nodeReqOf(req)!);
      if (state?.created) {
        const key = state.created;
        state.created = undefined;
        await uploads.discard(ownerOfKey(key), mediaIdOfKey(key)).catch((err: unknown) => log.error({ err, key }, 'could not undo a failed upload creation'));
      }
      if ('status_code' in error) return undefined; // JsonErrorTusServer.write makes it JSON
      if (isOutOfSpace(error)) {
        // The disk filled between the free-space check and this write: the bytes stored so far
        // are kept (the offset says how many), and the client retries once there is room.
        log.error({ err: error }, 'disk full while storing an upload');
        return tusError(new HttpError(507, 'insufficient_storage', 'the appliance ran out of disk space while storing this upload; it resumes from the stored offset once space is freed'));
      }
      log.error({ err: error }, 'tus request failed');
      return tusError(internalUploadError());
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
    // @tus/server answers 400 where tus 1.0.0 says 412 (version) and 415 (content type), and
    // plain text for bad headers: check them here and answer with JSON naming the header.
    if (method !== 'OPTIONS') {
      const version = req.headers['tus-resumable'];
      if (version !== '1.0.0') {
        sendError(res, new HttpError(412, 'unsupported_tus_version', 'Tus-Resumable must be 1.0.0', 'Tus-Resumable', { 'Tus-Version': '1.0.0' }));
        return;
      }
      const invalid = checkTusRequest(req);
      if (invalid) {
        sendError(res, invalid);
        return;
      }
    }
    inFlight.set(req, { owner: user.id });
    const streaming = method === 'PATCH' || (method === 'POST' && req.headers['content-type'] === 'application/offset+octet-stream');
    if (streaming) {
      options.metrics.activeUploads.inc();
      res.once('close', () => options.metrics.activeUploads.dec());
    }
    await tus.handle(req, res);
  };
}

export type TusHandler = ReturnType<typeof createTusHandler>;
