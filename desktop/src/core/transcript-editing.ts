import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  API,
  guessSubtitleFormat,
  SUBTITLE_CONTENT_TYPES,
  TRANSCRIPT_IMPORT_MAX_BYTES,
  type EditableTranscript,
  type IpcResults,
  type RouteContract,
  type SubtitleImport,
  type TranscriptChange,
} from '@biblio/shared';
import { ApplianceError, requestApi, type AnswerOf, type ApiRequest } from './appliance-request.js';
import type { ServerCredentials } from './settings-store.js';

/**
 * The transcript editing routes for the renderer: read with version, segment edits, speakers,
 * imports, history and re-transcription. A stale change (409 stale_version) answers the current
 * transcript instead of throwing, so the renderer reloads and keeps the user's text.
 */
export class TranscriptEditing {
  constructor(private readonly credentials: () => ServerCredentials | null) {}

  get(id: string): Promise<EditableTranscript> {
    return this.call(API.transcriptJson, { params: { id } });
  }

  editSegment(id: string, n: number, patch: { version: number; text?: string; start?: number; end?: number; speaker?: string | null }): Promise<TranscriptChange> {
    return this.change(id, () => this.call(API.editSegment, { params: { id, n: String(n) }, body: json(patch) }));
  }

  splitSegment(id: string, n: number, split: { version: number; at: number; textBefore?: string; textAfter?: string }): Promise<TranscriptChange> {
    return this.change(id, () => this.call(API.splitSegment, { params: { id, n: String(n) }, body: json(split) }));
  }

  mergeNext(id: string, n: number, base: { version: number }): Promise<TranscriptChange> {
    return this.change(id, () => this.call(API.mergeSegment, { params: { id, n: String(n) }, body: json(base) }));
  }

  speakers(id: string) {
    return this.call(API.speakers, { params: { id } });
  }

  /** Renames speakers, then answers the transcript (every segment shows the new names). */
  renameSpeakers(id: string, patch: { version: number; speakers: { id: string; name: string }[] }): Promise<TranscriptChange> {
    return this.change(id, async () => {
      await this.call(API.updateSpeakers, { params: { id }, body: json(patch) });
      return this.get(id);
    });
  }

  async import(id: string, source: SubtitleImport): Promise<EditableTranscript> {
    const { text, format } = 'path' in source ? await readSubtitleFile(source.path) : source;
    return this.call(API.importTranscript, { params: { id }, body: { contentType: `${SUBTITLE_CONTENT_TYPES[format]}; charset=utf-8`, data: text } });
  }

  async versions(id: string): Promise<IpcResults['transcript:versions']> {
    const { current, versions } = await this.call(API.transcriptVersions, { params: { id } });
    return { current, versions };
  }

  async version(id: string, v: number): Promise<IpcResults['transcript:version']> {
    const { mediaId: _mediaId, ...view } = await this.call(API.transcriptVersion, { params: { id, v: String(v) } });
    return view;
  }

  restore(id: string, v: number, base: { version: number }): Promise<TranscriptChange> {
    return this.change(id, () => this.call(API.restoreTranscriptVersion, { params: { id, v: String(v) }, body: json(base) }));
  }

  async retranscribe(id: string, overwrite: boolean): Promise<IpcResults['transcript:retranscribe']> {
    try {
      const media = await this.call(API.retranscribe, { params: { id }, ...(overwrite ? { query: { overwrite: 'true' } } : {}) });
      return { ok: true, media };
    } catch (error) {
      if (error instanceof ApplianceError && error.code === 'transcript_protected') return { ok: false, protected: true, message: error.message };
      throw error;
    }
  }

  private async change(id: string, apply: () => Promise<EditableTranscript>): Promise<TranscriptChange> {
    try {
      return { ok: true, transcript: await apply() };
    } catch (error) {
      if (!(error instanceof ApplianceError) || error.code !== 'stale_version') throw error;
      return { ok: false, stale: true, message: error.message, transcript: await this.get(id) };
    }
  }

  private call<C extends RouteContract>(contract: C, request: Omit<ApiRequest, 'token'>): Promise<AnswerOf<C>> {
    const credentials = this.credentials();
    if (!credentials) throw new ApplianceError('not paired with an appliance: set the server URL and token first', null, 'unpaired', 'serverUrl');
    return requestApi(credentials.serverUrl, contract, { ...request, token: credentials.token });
  }
}

const json = (body: unknown) => ({ contentType: 'application/json', data: JSON.stringify(body) });

/** Reads a subtitle file the user picked, refusing what the appliance would refuse for size. */
async function readSubtitleFile(file: string): Promise<{ text: string; format: ReturnType<typeof guessSubtitleFormat> }> {
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  if (info.size > TRANSCRIPT_IMPORT_MAX_BYTES) throw new Error(`${path.basename(file)} is larger than a subtitle file can be (${TRANSCRIPT_IMPORT_MAX_BYTES} bytes at most)`);
  const text = await readFile(file, 'utf8');
  return { text, format: guessSubtitleFormat(path.basename(file), text) };
}
