import { API } from '@biblio/shared';
import { contentDisposition, derivedFilename } from '../../domain/byte-range.js';
import { toSrt, toWebVtt } from '../../domain/subtitles.js';
import type { MediaRecord, User } from '../../domain/media.js';
import type { Database } from '../../ports/database.js';
import type { TranscriptStore } from '../../ports/transcript-store.js';
import { notReady } from '../respond.js';
import type { Router } from '../router.js';
import { ownedMedia } from './owned-media.js';

export interface TranscriptRouteDeps {
  db: Database;
  transcripts: TranscriptStore;
}

/** The transcript as JSON segments, or as WebVTT / SubRip subtitles for players. */
export function transcriptRoutes(router: Router, deps: TranscriptRouteDeps): void {
  const transcribed = async (user: User, id: string) => {
    const media = await ownedMedia(deps.db, user, id);
    const stage = (await deps.db.media.stagesOf([media.id])).find((s) => s.stage === 'transcribe');
    if (stage?.status !== 'done') throw notReady('the transcript');
    const segments = (await deps.transcripts.transcript(media.id)).map(({ windowIdx: _w, ...segment }) => segment);
    return { media, segments };
  };
  // Named after the media as its owner knows it ("Lecture 3.mp4" -> "Lecture 3.vtt").
  const disposition = (media: MediaRecord, extension: string, download: boolean) =>
    contentDisposition(download ? 'attachment' : 'inline', derivedFilename(media.filename, extension));
  const subtitles = (media: MediaRecord, format: 'vtt' | 'srt', download: boolean) => ({
    'Content-Type': format === 'vtt' ? 'text/vtt; charset=utf-8' : 'application/x-subrip; charset=utf-8',
    'Content-Disposition': disposition(media, format, download),
  });

  router.on(API.transcriptJson, async ({ user, params, query, send }) => {
    const { media, segments } = await transcribed(user, params.id);
    const headers = query.download ? { 'Content-Disposition': disposition(media, 'json', true) } : undefined;
    send(200, { mediaId: media.id, language: media.language, segments }, headers);
  });
  router.on(API.transcriptVtt, async ({ res, user, params, query }) => {
    const { media, segments } = await transcribed(user, params.id);
    res.writeHead(200, subtitles(media, 'vtt', query.download)).end(toWebVtt(segments));
  });
  router.on(API.transcriptSrt, async ({ res, user, params, query }) => {
    const { media, segments } = await transcribed(user, params.id);
    res.writeHead(200, subtitles(media, 'srt', query.download)).end(toSrt(segments));
  });
}
