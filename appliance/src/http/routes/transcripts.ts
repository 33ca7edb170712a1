import { API, type TranscriptDto } from '@biblio/shared';
import { contentDisposition, derivedFilename } from '../../domain/byte-range.js';
import { toPlainText, toSrt, toWebVtt } from '../../domain/subtitles.js';
import { withSpeakerNames } from '../../domain/transcript-edit.js';
import { transcriptEtag } from '../../domain/transcript-revision.js';
import type { MediaRecord, User } from '../../domain/media.js';
import type { Database } from '../../ports/database.js';
import type { TranscriptHistory } from '../../ports/transcript-history.js';
import { HttpError, notReady } from '../respond.js';
import type { Router } from '../router.js';
import { ownedMedia } from './owned-media.js';

export interface TranscriptRouteDeps {
  db: Database;
  history: TranscriptHistory;
}

/** What the exports send: the current transcript or, with ?version=N, one from the history. */
interface Exported {
  media: MediaRecord;
  dto: TranscriptDto;
}

/** The body of GET transcript.json for a media's transcript (the editing routes answer it too). */
export function transcriptDto(media: MediaRecord, draft: Parameters<typeof withSpeakerNames>[0], version: number, source: TranscriptDto['source']): TranscriptDto {
  return { mediaId: media.id, language: media.language, version, source, speakers: draft.speakers, segments: withSpeakerNames(draft) };
}

/** The transcript as JSON segments, as WebVTT / SubRip subtitles for players, or as plain text. */
export function transcriptRoutes(router: Router, deps: TranscriptRouteDeps): void {
  const exported = async (user: User, id: string, version: number | undefined): Promise<Exported> => {
    const media = await ownedMedia(deps.db, user, id);
    if (version !== undefined) {
      const old = await deps.history.version(media.id, version);
      if (!old) throw new HttpError(404, 'not_found', `this transcript has no version ${version}`, 'version');
      return { media, dto: transcriptDto(media, old, old.version, old.textSource) };
    }
    // An imported or edited transcript exists whatever the transcribe stage did (skipped, say).
    if (media.transcriptSource === null) {
      const stage = (await deps.db.media.stagesOf([media.id])).find((s) => s.stage === 'transcribe');
      if (stage?.status !== 'done') throw notReady('the transcript');
    }
    const current = await deps.history.current(media.id);
    return { media, dto: transcriptDto(media, current, current.version, current.source) };
  };
  // Named after the media as its owner knows it ("Lecture 3.mp4" -> "Lecture 3.vtt").
  const disposition = (media: MediaRecord, extension: string, download: boolean) =>
    contentDisposition(download ? 'attachment' : 'inline', derivedFilename(media.filename, extension));
  const textHeaders = (media: MediaRecord, format: 'vtt' | 'srt' | 'txt', download: boolean, version: number) => ({
    'Content-Type': { vtt: 'text/vtt', srt: 'application/x-subrip', txt: 'text/plain' }[format] + '; charset=utf-8',
    'Content-Disposition': disposition(media, format, download),
    ETag: transcriptEtag(version),
  });

  router.on(API.transcriptJson, async ({ user, params, query, send }) => {
    const { media, dto } = await exported(user, params.id, query.version);
    const headers: Record<string, string> = { ETag: transcriptEtag(dto.version ?? 0) };
    if (query.download) headers['Content-Disposition'] = disposition(media, 'json', true);
    send(200, dto, headers);
  });
  router.on(API.transcriptVtt, async ({ res, user, params, query }) => {
    const { media, dto } = await exported(user, params.id, query.version);
    res.writeHead(200, textHeaders(media, 'vtt', query.download, dto.version ?? 0)).end(toWebVtt(dto.segments));
  });
  router.on(API.transcriptSrt, async ({ res, user, params, query }) => {
    const { media, dto } = await exported(user, params.id, query.version);
    res.writeHead(200, textHeaders(media, 'srt', query.download, dto.version ?? 0)).end(toSrt(dto.segments));
  });
  router.on(API.transcriptTxt, async ({ res, user, params, query }) => {
    const { media, dto } = await exported(user, params.id, query.version);
    res.writeHead(200, textHeaders(media, 'txt', query.download, dto.version ?? 0)).end(toPlainText(dto.segments));
  });
}
