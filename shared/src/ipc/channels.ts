import type { QuotaReport } from '../api/account.js';
import { z } from 'zod';
import type { MediaDto, MediaEvent } from '../api/media.js';
import { SEARCH_QUERY_MAX_LENGTH, SUGGEST_QUERY_MAX_LENGTH, type SearchGroupDto, type SearchResultDto, type SuggestResponseDto } from '../api/search.js';
import { UPLOAD_METADATA_LIMITS } from '../api/upload-metadata.js';

/**
 * The desktop IPC contract: every channel the renderer may invoke, with its argument schema and
 * result type, and every event the core pushes to the renderer. The Electron preload and the
 * browser host both expose exactly this as `window.biblio`, validating arguments with these
 * schemas before anything reaches the core.
 */

/**
 * `duplicate`: the same content is already in the owner's library, so nothing was uploaded;
 * `refused`: the local FFmpeg cannot read the file as audio or video, so nothing was uploaded.
 * Both wait for the user: "Upload anyway" or dismiss.
 */
export const UPLOAD_STATES = ['queued', 'preparing', 'uploading', 'paused', 'retrying', 'done', 'error', 'cancelled', 'duplicate', 'refused'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

export interface UploadPreview {
  /** A data: URL of a JPEG (video only), null until made or when not possible. */
  thumbnail: string | null;
  /** Waveform peaks in 0..1, coarse first, refined later (`final`). */
  peaks: number[] | null;
  final: boolean;
  error: string | null;
}

export interface QueueItem {
  id: string;
  path: string;
  name: string;
  size: number;
  mimeType: string;
  state: UploadState;
  uploadedBytes: number;
  /** Bytes per second over the last few seconds. */
  speedBps: number;
  etaSec: number | null;
  /** The appliance's media id once the upload was created. */
  mediaId: string | null;
  error: string | null;
  /** 1 for the first try; grows with automatic retries. */
  attempt: number;
  preview: UploadPreview;
  createdAt: string;
  /** State 'duplicate': the media of the owner's library with the same content (sha256). */
  duplicateOf: DuplicateMedia | null;
  /** State 'error': whether Retry can help (a missing file can come back; a refused type cannot). */
  canRetry: boolean;
}

export interface DuplicateMedia {
  mediaId: string;
  filename: string;
  title: string | null;
  createdAt: string;
}

export interface DesktopSettings {
  serverUrl: string;
  /** Never sent to the renderer in clear: '' when unset, else a masked hint like 'bib_…x3Fq'. */
  tokenHint: string;
  parallelUploads: number;
  /** Bytes per second for all uploads together; null = unlimited. */
  bandwidthLimit: number | null;
  startOnLogin: boolean;
  notifications: boolean;
}

export type ConnectionState =
  | { state: 'unpaired' }
  /** Paired; the first connection attempt is still under way (e.g. right after a restart). */
  | { state: 'connecting' }
  | { state: 'connected'; user: string; engines: Record<string, string>; quota?: QuotaReport }
  | { state: 'reconnecting'; error: string; since: string }
  | { state: 'error'; error: string };

export interface SearchHit {
  mediaId: string;
  filename: string;
  start: number;
  end: number;
  text: string;
  score: number;
  /** What matched and how (absent from appliances before grouped search). */
  title?: SearchResultDto['title'];
  field?: SearchResultDto['field'];
  match?: SearchResultDto['match'];
  highlights?: SearchResultDto['highlights'];
}

/** Search hits of one recording, best moment first (the rest are "N more moments"). */
export interface SearchHitGroup {
  mediaId: string;
  filename: string;
  title: SearchGroupDto['title'];
  moments: SearchHit[];
}

export interface TranscriptSegmentDto {
  start: number;
  end: number;
  text: string;
}

const id = z.string().min(1).max(100);
export const settingsPatchSchema = z
  .object({
    serverUrl: z.url({ protocol: /^https?$/ }).optional(),
    token: z.string().min(8).max(500).optional(),
    parallelUploads: z.number().int().min(1).max(10).optional(),
    bandwidthLimit: z.number().int().min(1024).nullable().optional(),
    startOnLogin: z.boolean().optional(),
    notifications: z.boolean().optional(),
  })
  .strict();

/** channel -> [argument schema, result type]. `z.tuple([])` means no argument. */
export const ipcArgs = {
  'app:info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([settingsPatchSchema]),
  'connection:get': z.tuple([]),
  /** Checks a server URL + token against /healthz and /api/me without saving them (no token: the saved one). */
  'connection:test': z.tuple([z.object({ serverUrl: z.url({ protocol: /^https?$/ }), token: z.string().min(1).max(500).optional() })]),
  'queue:list': z.tuple([]),
  /** Absolute paths of files or folders (folders are walked for media files). */
  'queue:add': z.tuple([
    z.array(z.string().min(1).max(4096)).min(1).max(10_000),
    /** `language`: the spoken language of these uploads (ISO 639, e.g. "ko"); null = detect; absent = the default. */
    z
      .object({
        language: z.string().regex(UPLOAD_METADATA_LIMITS.languagePattern).nullable().optional(),
        /** Upload even when the same content is already in the library (CLI --upload-duplicates). */
        uploadDuplicates: z.boolean().optional(),
        /** Upload even what the local FFmpeg cannot read (CLI --upload-unreadable); the appliance decides. */
        uploadUnreadable: z.boolean().optional(),
      })
      .strict()
      .optional(),
  ]),
  'queue:pause': z.tuple([id]),
  'queue:resume': z.tuple([id]),
  'queue:cancel': z.tuple([id]),
  'queue:retry': z.tuple([id]),
  /** A 'duplicate' or 'refused' item: upload it after all (the appliance decides what it accepts). */
  'queue:uploadAnyway': z.tuple([id]),
  'queue:pauseAll': z.tuple([]),
  'queue:resumeAll': z.tuple([]),
  'queue:clearFinished': z.tuple([]),
  'library:list': z.tuple([]),
  'library:get': z.tuple([id]),
  'library:playback': z.tuple([id]),
  'library:transcript': z.tuple([id]),
  'library:search': z.tuple([z.string().min(1).max(SEARCH_QUERY_MAX_LENGTH)]),
  /** Completions while typing (GET /api/search/suggest). */
  'library:suggest': z.tuple([z.string().min(1).max(SUGGEST_QUERY_MAX_LENGTH)]),
  'library:delete': z.tuple([id]),
  'library:retry': z.tuple([id]),
  /** Native file picker (Electron); the browser host answers [] and the renderer uses <input type=file>. */
  'dialog:openFiles': z.tuple([]),
} as const;

export interface IpcResults {
  'app:info': { version: string; platform: string; shell: 'electron' | 'browser' };
  'settings:get': DesktopSettings;
  'settings:set': DesktopSettings;
  'connection:get': ConnectionState;
  'connection:test': { ok: true; user: string; engines: Record<string, string> } | { ok: false; field: 'serverUrl' | 'token'; error: string };
  'queue:list': QueueItem[];
  'queue:add': QueueItem[];
  'queue:pause': void;
  'queue:resume': void;
  'queue:cancel': void;
  'queue:retry': void;
  'queue:uploadAnyway': void;
  'queue:pauseAll': void;
  'queue:resumeAll': void;
  'queue:clearFinished': void;
  'library:list': MediaDto[];
  'library:get': MediaDto;
  'library:playback': { url: string; expiresAt: string };
  'library:transcript': { segments: TranscriptSegmentDto[] };
  'library:search': { results: SearchHit[]; groups?: SearchHitGroup[]; suggestions?: string[] };
  'library:suggest': SuggestResponseDto;
  'library:delete': void;
  'library:retry': MediaDto;
  'dialog:openFiles': string[];
}

export type IpcChannel = keyof typeof ipcArgs;
export type IpcArgs<C extends IpcChannel> = z.infer<(typeof ipcArgs)[C]>;
export const IPC_CHANNELS = Object.keys(ipcArgs) as IpcChannel[];

/** Events pushed from the core to the renderer. */
export interface IpcEvents {
  'queue:changed': QueueItem[];
  'connection:changed': ConnectionState;
  'media:event': MediaEvent;
}
export type IpcEvent = keyof IpcEvents;
export const IPC_EVENTS: IpcEvent[] = ['queue:changed', 'connection:changed', 'media:event'];

/** The object the renderer sees as `window.biblio`. */
export interface BiblioApi {
  invoke<C extends IpcChannel>(channel: C, ...args: IpcArgs<C>): Promise<IpcResults[C]>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
  /**
   * Turns files the user dropped or picked into paths the core can read: Electron knows their
   * paths; the browser host uses the path a drop revealed (`droppedPaths`, from the drag's
   * file:// URI list) when it names the same file, and otherwise streams it to a staging folder.
   */
  pathsForFiles(files: File[], droppedPaths?: readonly string[]): Promise<string[]>;
}

/** Validates an invocation's arguments; throws a ZodError naming the bad field. */
export function parseIpcArgs<C extends IpcChannel>(channel: C, args: unknown[]): IpcArgs<C> {
  const schema = ipcArgs[channel];
  if (!schema) throw new Error(`unknown IPC channel ${String(channel)}`);
  return schema.parse(args) as IpcArgs<C>;
}
