import type { QuotaReport } from '../api/account.js';
import { z } from 'zod';
import { LISTED_STATUSES, MEDIA_CURSOR_MAX_LENGTH, MEDIA_FILENAME_MAX_LENGTH, MEDIA_PAGE_LIMIT_MAX, MEDIA_SEARCH_MAX_LENGTH, MEDIA_SORTS, MEDIA_TITLE_MAX_LENGTH, SORT_ORDERS, type MediaPage } from '../api/library.js';
import { MEDIA_KINDS, type MediaDto, type MediaEvent } from '../api/media.js';
import { SEARCH_QUERY_MAX_LENGTH, SUGGEST_QUERY_MAX_LENGTH, type SearchGroupDto, type SearchResultDto, type SuggestResponseDto } from '../api/search.js';
import { UPLOAD_METADATA_LIMITS } from '../api/upload-metadata.js';
import { transcriptIpcArgs, type TranscriptIpcResults } from './transcript-channels.js';

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

/** The languages the desktop UI can be shown in; 'auto' follows the system. */
export const UI_LANGUAGES = ['auto', 'en', 'ko'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export interface DesktopSettings {
  serverUrl: string;
  /** Never sent to the renderer in clear: '' when unset, else a masked hint like 'bib_…x3Fq'. */
  tokenHint: string;
  parallelUploads: number;
  /** Bytes per second for all uploads together; null = unlimited. */
  bandwidthLimit: number | null;
  startOnLogin: boolean;
  notifications: boolean;
  /** The spoken language the upload form preselects (ISO 639, e.g. "ko"); null = auto-detect. */
  uploadLanguage: string | null;
  /** The renderer's language: 'auto' follows the OS/browser language. */
  language: UiLanguage;
}

/** The appliance's speech-to-text engine and the languages it transcribes (["*"]: any, detected). */
export interface SpeechToTextInfo {
  engine: string;
  languages: string[];
}

export type ConnectionState =
  | { state: 'unpaired' }
  /** Paired; the first connection attempt is still under way (e.g. right after a restart). */
  | { state: 'connecting' }
  | { state: 'connected'; user: string; engines: Record<string, string>; quota?: QuotaReport; stt?: SpeechToTextInfo }
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
    uploadLanguage: z.string().regex(UPLOAD_METADATA_LIMITS.languagePattern).nullable().optional(),
    language: z.enum(UI_LANGUAGES).optional(),
  })
  .strict();

/**
 * One page of the library as the renderer asks for it: GET /api/media's parameters, typed (the
 * appliance checks them again and names a bad one). Dates are ISO dates or date-times.
 */
export const libraryPageQuerySchema = z
  .object({
    sort: z.enum(MEDIA_SORTS).optional(),
    order: z.enum(SORT_ORDERS).optional(),
    cursor: z.string().min(1).max(MEDIA_CURSOR_MAX_LENGTH).optional(),
    limit: z.number().int().min(1).max(MEDIA_PAGE_LIMIT_MAX).optional(),
    status: z.array(z.enum(LISTED_STATUSES as unknown as [string, ...string[]])).min(1).max(LISTED_STATUSES.length).optional(),
    kind: z.enum(MEDIA_KINDS).optional(),
    language: z.string().min(2).max(35).optional(),
    from: z.string().min(10).max(40).optional(),
    to: z.string().min(10).max(40).optional(),
    q: z.string().min(1).max(MEDIA_SEARCH_MAX_LENGTH).optional(),
  })
  .strict();
export type LibraryPageQuery = z.infer<typeof libraryPageQuerySchema>;

/** A new title (null or '' clears it) and/or a new filename; PATCH /api/media/:id checks the rest. */
export const libraryRenameSchema = z
  .object({
    title: z.string().max(MEDIA_TITLE_MAX_LENGTH).nullable().optional(),
    filename: z.string().min(1).max(MEDIA_FILENAME_MAX_LENGTH).optional(),
  })
  .strict();

/** Images of a media the renderer shows: the poster (the waveform for audio) and the video's scrubbing sprite. */
export const LIBRARY_IMAGES = ['poster', 'sprite'] as const;
export type LibraryImage = (typeof LIBRARY_IMAGES)[number];
/** What the download buttons save: the uploaded file, or the transcript in one of its formats. */
export const LIBRARY_DOWNLOADS = ['original', 'vtt', 'srt', 'json', 'txt'] as const;
export type LibraryDownload = (typeof LIBRARY_DOWNLOADS)[number];

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
  /** One page of GET /api/media (sort, filters, title search, cursor). */
  'library:page': z.tuple([libraryPageQuerySchema]),
  'library:rename': z.tuple([id, libraryRenameSchema]),
  /** A poster or sprite as a data: URL (the appliance wants the bearer token the renderer never holds). */
  'library:image': z.tuple([id, z.enum(LIBRARY_IMAGES)]),
  /** The WebVTT subtitles as text, for the player's <track>. */
  'library:subtitles': z.tuple([id]),
  /** Saves the original or a transcript into the downloads folder; answers where. */
  'library:download': z.tuple([id, z.enum(LIBRARY_DOWNLOADS)]),
  'library:playback': z.tuple([id]),
  'library:transcript': z.tuple([id]),
  'library:search': z.tuple([z.string().min(1).max(SEARCH_QUERY_MAX_LENGTH)]),
  /** Completions while typing (GET /api/search/suggest). */
  'library:suggest': z.tuple([z.string().min(1).max(SUGGEST_QUERY_MAX_LENGTH)]),
  'library:delete': z.tuple([id]),
  'library:retry': z.tuple([id]),
  /** Native file picker (Electron); the browser host answers [] and the renderer uses <input type=file>. */
  'dialog:openFiles': z.tuple([]),
  ...transcriptIpcArgs,
} as const;

export interface IpcResults extends TranscriptIpcResults {
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
  'library:page': MediaPage;
  'library:rename': MediaDto;
  'library:image': string;
  'library:subtitles': string;
  'library:download': { path: string; bytes: number };
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
