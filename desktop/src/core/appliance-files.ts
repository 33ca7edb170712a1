import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  API,
  apiErrorSchema,
  mediaSchema,
  routePath,
  type LibraryDownload,
  type LibraryImage,
  type LibraryPageQuery,
  type MediaDto,
  type MediaPage,
  type RouteContract,
} from '@biblio/shared';
import { ApplianceError, networkReason } from './appliance-request.js';
import { normaliseServerUrl, type ServerCredentials } from './settings-store.js';

/**
 * The library routes that are not plain JSON reads: images and subtitles handed to the renderer
 * as data (it never holds the token), downloads streamed to disk (bounded memory, any size), and
 * the rename PATCH. The list page is here too because its query is typed for the renderer.
 */

const TIMEOUT_MS = 15_000;
/** Posters and sprites are small JPEGs; anything far bigger is not one and must not fill the IPC. */
const IMAGE_MAX_BYTES = 4 * 1024 * 1024;

const DOWNLOAD_ROUTES = {
  original: { contract: API.original, suffix: '' },
  vtt: { contract: API.transcriptVtt, suffix: '.vtt' },
  srt: { contract: API.transcriptSrt, suffix: '.srt' },
  json: { contract: API.transcriptJson, suffix: '.json' },
  txt: { contract: API.transcriptTxt, suffix: '.txt' },
} as const;

export class ApplianceFiles {
  constructor(
    private readonly credentials: () => ServerCredentials | null,
    /** Where downloads are saved (the user's Downloads folder by default). */
    private readonly downloadsDir: string,
  ) {}

  async page(query: LibraryPageQuery): Promise<MediaPage> {
    const wire: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      wire[key] = Array.isArray(value) ? value.join(',') : String(value);
    }
    const res = await this.open(API.listMedia, {}, wire);
    return API.listMedia.response.parse(await res.json());
  }

  async rename(id: string, patch: { title?: string | null; filename?: string }): Promise<MediaDto> {
    const res = await this.open(API.updateMedia, { id }, undefined, { method: 'PATCH', body: JSON.stringify(patch) });
    return mediaSchema.parse(await res.json());
  }

  async image(id: string, which: LibraryImage): Promise<string> {
    const res = which === 'poster' ? await this.open(API.thumbnail, { id }) : await this.open(API.sprite, { id });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > IMAGE_MAX_BYTES) throw new ApplianceError(`the ${which} is larger than an image should be`, res.status, 'too_large');
    const type = res.headers.get('content-type')?.split(';')[0]?.trim() || 'image/jpeg';
    return `data:${type};base64,${bytes.toString('base64')}`;
  }

  async subtitles(id: string): Promise<string> {
    return (await this.open(API.transcriptVtt, { id })).text();
  }

  /**
   * Streams a download into the downloads folder under the media's own name (the appliance's
   * Content-Disposition), never overwriting: "talk (2).mp4". A partial file never keeps the name.
   */
  async download(id: string, what: LibraryDownload): Promise<{ path: string; bytes: number }> {
    const { contract, suffix } = DOWNLOAD_ROUTES[what];
    const res = await this.open(contract, { id }, { download: '1' }, { timeoutMs: null });
    if (!res.body) throw new ApplianceError('the appliance sent no body', res.status, 'bad_response');
    await mkdir(this.downloadsDir, { recursive: true });
    const name = safeName(filenameOf(res.headers.get('content-disposition')) ?? `${id}${suffix}`);
    const partial = path.join(this.downloadsDir, `.${name}.${process.pid}.${Date.now()}.part`);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body), count, createWriteStream(partial, { flags: 'wx', mode: 0o644 }));
      const target = await this.freeName(name);
      await rename(partial, target);
      return { path: target, bytes };
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  /** Claims the first free "name", "name (2)", … so two downloads never write over each other. */
  private async freeName(name: string): Promise<string> {
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; n < 1000; n += 1) {
      const candidate = path.join(this.downloadsDir, n === 1 ? name : `${stem} (${n})${ext}`);
      const handle = await open(candidate, 'wx').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return null;
        throw error;
      });
      if (handle) {
        await handle.close();
        return candidate;
      }
    }
    throw new Error(`no free file name for ${name} in ${this.downloadsDir}`);
  }

  private async open(
    contract: RouteContract,
    params?: Record<string, string>,
    query?: Record<string, string>,
    init: { method?: string; body?: string; timeoutMs?: number | null } = {},
  ): Promise<Response> {
    const credentials = this.credentials();
    if (!credentials) throw new ApplianceError('not paired with an appliance: set the server URL and token first', null, 'unpaired', 'serverUrl');
    const base = normaliseServerUrl(credentials.serverUrl);
    const url = `${base}${routePath(contract, params, query)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: init.method ?? contract.method,
        headers: {
          Authorization: `Bearer ${credentials.token}`,
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(init.body !== undefined ? { body: init.body } : {}),
        // A download of many GB takes as long as it takes; only the small reads get a deadline.
        ...(init.timeoutMs === null ? {} : { signal: AbortSignal.timeout(init.timeoutMs ?? TIMEOUT_MS) }),
      });
    } catch (error) {
      throw new ApplianceError(`cannot reach ${base}: ${networkReason(error)}`, null, 'unreachable', 'serverUrl');
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) throw new ApplianceError(parsed.data.error.message, res.status, parsed.data.error.code, parsed.data.error.field);
    throw new ApplianceError(`the appliance answered HTTP ${res.status}`, res.status, 'http_error');
  }
}

/** The filename of `attachment; filename="…"; filename*=UTF-8''…`, preferring the UTF-8 form. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return (plain?.[1] ?? plain?.[2])?.trim() || null;
}

/** A name that stays inside the downloads folder on every OS. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim();
  return cleaned.slice(0, 200) || 'download';
}
