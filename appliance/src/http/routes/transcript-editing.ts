import type { IncomingMessage } from 'node:http';
import { API, TRANSCRIPT_IMPORT_MAX_BYTES, TRANSCRIPT_IMPORT_TYPES, type TranscriptDto } from '@biblio/shared';
import { SubtitleImportError } from '../../domain/subtitle-import.js';
import { TranscriptEditError } from '../../domain/transcript-edit.js';
import { baseVersion, transcriptEtag, VersionPreconditionError } from '../../domain/transcript-revision.js';
import type { MediaRecord } from '../../domain/media.js';
import type { Database } from '../../ports/database.js';
import type { CurrentTranscript, TranscriptHistory } from '../../ports/transcript-history.js';
import { TranscriptNotEditableError, type TranscriptEditing } from '../../services/transcript-editing.js';
import { readBodyBytes } from '../read-body.js';
import { HttpError } from '../respond.js';
import type { Router } from '../router.js';
import { ownedMedia } from './owned-media.js';
import { transcriptDto } from './transcripts.js';

export interface TranscriptEditingRouteDeps {
  db: Database;
  history: TranscriptHistory;
  editing: TranscriptEditing;
  /** Tells the owner's event streams (the desktop shows where the text came from). */
  announce: (mediaId: string) => Promise<void>;
}

/** The contract's JSON errors for what the editing rules refuse; anything else propagates (500). */
function asHttpError(error: unknown): unknown {
  if (error instanceof SubtitleImportError) {
    return new HttpError(400, 'invalid_transcript', error.message, error.cue === undefined ? 'body' : `cue ${error.cue}`);
  }
  if (error instanceof TranscriptEditError) return new HttpError(error.status, error.status === 404 ? 'not_found' : `invalid_${error.field}`, error.message, error.field);
  if (error instanceof VersionPreconditionError) return new HttpError(error.status, error.code, error.message, 'version');
  if (error instanceof TranscriptNotEditableError) return new HttpError(409, 'not_editable', error.message);
  return error;
}

/** application/json; charset=utf-8 -> json. */
function importFormat(req: IncomingMessage) {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = TRANSCRIPT_IMPORT_TYPES[type as keyof typeof TRANSCRIPT_IMPORT_TYPES];
  if (!format) {
    throw new HttpError(415, 'unsupported_media_type', `send the transcript as ${Object.keys(TRANSCRIPT_IMPORT_TYPES).join(', ')} (Content-Type decides the format)`, 'Content-Type');
  }
  return format;
}

const ifMatch = (req: IncomingMessage) => req.headers['if-match'];

/**
 * Changing a transcript: import a file, edit/split/merge segments, name speakers, restore a
 * version, and read the history. Every answer with the new transcript carries its ETag.
 */
export function transcriptEditingRoutes(router: Router, deps: TranscriptEditingRouteDeps): void {
  const answer = async (media: MediaRecord, transcript: CurrentTranscript, send: (status: number, body: TranscriptDto, headers: Record<string, string>) => void) => {
    send(200, transcriptDto(media, transcript, transcript.version, transcript.source), { ETag: transcriptEtag(transcript.version) });
    await deps.announce(media.id);
  };
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw asHttpError(error);
    }
  };

  router.on(API.importTranscript, async ({ req, user, params, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const format = importFormat(req);
    const base = await guarded(async () => baseVersion(undefined, ifMatch(req), false));
    const bytes = await readBodyBytes(req, TRANSCRIPT_IMPORT_MAX_BYTES);
    await answer(media, await guarded(() => deps.editing.importFile(user, media, bytes, format, base)), send);
  });

  router.on(API.editSegment, async ({ req, user, params, body, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const { version, ...change } = body;
    const result = await guarded(() => deps.editing.editSegment(user, media, params.n, change, baseVersion(version, ifMatch(req), true)!));
    await answer(media, result, send);
  });

  router.on(API.splitSegment, async ({ req, user, params, body, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const { version, ...split } = body;
    await answer(media, await guarded(() => deps.editing.splitSegment(user, media, params.n, split, baseVersion(version, ifMatch(req), true)!)), send);
  });

  router.on(API.mergeSegment, async ({ req, user, params, body, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    await answer(media, await guarded(() => deps.editing.mergeWithNext(user, media, params.n, baseVersion(body.version, ifMatch(req), true)!)), send);
  });

  router.on(API.speakers, async ({ user, params, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const current = await deps.history.current(media.id);
    send(200, { version: current.version, speakers: current.speakers }, { ETag: transcriptEtag(current.version) });
  });

  router.on(API.updateSpeakers, async ({ req, user, params, body, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const result = await guarded(() => deps.editing.renameSpeakers(user, media, body.speakers, baseVersion(body.version, ifMatch(req), true)!));
    send(200, { version: result.version, speakers: result.speakers }, { ETag: transcriptEtag(result.version) });
    await deps.announce(media.id);
  });

  router.on(API.transcriptVersions, async ({ user, params, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const versions = await deps.history.versions(media.id);
    send(200, {
      mediaId: media.id,
      current: versions.at(-1)?.version ?? 0,
      versions: versions.map((v) => ({ version: v.version, source: v.source, author: v.authorName, createdAt: v.createdAt.toISOString(), note: v.note, segmentCount: v.segmentCount })),
    });
  });

  router.on(API.transcriptVersion, async ({ user, params, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const v = await deps.history.version(media.id, params.v);
    if (!v) throw new HttpError(404, 'not_found', `this transcript has no version ${params.v}`, 'v');
    const { segments } = transcriptDto(media, v, v.version, v.textSource);
    send(200, { mediaId: media.id, version: v.version, source: v.source, author: v.authorName, createdAt: v.createdAt.toISOString(), note: v.note, segmentCount: v.segmentCount, segments, speakers: v.speakers });
  });

  router.on(API.restoreTranscriptVersion, async ({ req, user, params, body, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const restored = await guarded(() => deps.editing.restore(user, media, params.v, baseVersion(body.version, ifMatch(req), false)));
    if (!restored) throw new HttpError(404, 'not_found', `this transcript has no version ${params.v}`, 'v');
    await answer(media, restored, send);
  });
}
