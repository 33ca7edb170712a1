import type { TranscriptSource, TranscriptVersionSource } from '@biblio/shared';
import type { MediaRecord, User } from '../domain/media.js';
import { editSegment, mergeWithNext, renameSpeakers, splitSegment, type SegmentChange, type SplitRequest, type TranscriptDraft } from '../domain/transcript-edit.js';
import { parseTranscriptFile, type TranscriptFileFormat } from '../domain/transcript-import.js';
import { checkCurrent, VersionPreconditionError } from '../domain/transcript-revision.js';
import type { Speaker } from '../domain/transcript-types.js';
import { decodeSubtitleBytes } from '../domain/subtitle-import.js';
import { indexChunks } from '../pipeline/index-chunks.js';
import type { Embedder } from '../ports/embedder.js';
import type { CurrentTranscript, TranscriptHistory } from '../ports/transcript-history.js';

/** A media that cannot take a transcript change now (still processing, no transcript yet). */
export class TranscriptNotEditableError extends Error {}

/**
 * Import, edit, split, merge, rename speakers, restore: each reads the current transcript,
 * applies a pure rule from domain/, builds the media's new search index and commits text,
 * version and index together (TranscriptHistory.commit). Optimistic concurrency: a change based
 * on an older version than the current one is refused (VersionPreconditionError 409), whether
 * the caller was late when it read or lost a race while the index was being built.
 */
export class TranscriptEditing {
  constructor(
    private readonly history: TranscriptHistory,
    private readonly embedder: Embedder,
  ) {}

  async importFile(user: User, media: MediaRecord, bytes: Uint8Array, format: TranscriptFileFormat, base: number | undefined): Promise<CurrentTranscript> {
    this.editable(media);
    const draft = parseTranscriptFile(decodeSubtitleBytes(bytes), format, media.durationSec);
    const current = await this.history.current(media.id);
    checkCurrent(base, current.version);
    return this.commit(user, media, base, draft, 'imported', 'imported', `imported ${format.toUpperCase()} (${draft.segments.length} segments)`);
  }

  editSegment(user: User, media: MediaRecord, n: number, change: SegmentChange, base: number): Promise<CurrentTranscript> {
    return this.change(user, media, base, (draft) => editSegment(draft, n, change, media.durationSec), `edited segment ${n}`);
  }

  splitSegment(user: User, media: MediaRecord, n: number, request: SplitRequest, base: number): Promise<CurrentTranscript> {
    return this.change(user, media, base, (draft) => splitSegment(draft, n, request), `split segment ${n} at ${request.at} s`);
  }

  mergeWithNext(user: User, media: MediaRecord, n: number, base: number): Promise<CurrentTranscript> {
    return this.change(user, media, base, (draft) => mergeWithNext(draft, n), `merged segments ${n} and ${n + 1}`);
  }

  renameSpeakers(user: User, media: MediaRecord, names: readonly Speaker[], base: number): Promise<CurrentTranscript> {
    return this.change(user, media, base, (draft) => renameSpeakers(draft, names), `named ${names.map((s) => `${s.id} "${s.name}"`).join(', ')}`);
  }

  /** Makes version `v` current again, as a new version (source restored); undefined when there is no such version. */
  async restore(user: User, media: MediaRecord, v: number, base: number | undefined): Promise<CurrentTranscript | undefined> {
    this.editable(media);
    const old = await this.history.version(media.id, v);
    if (!old) return undefined;
    checkCurrent(base, (await this.history.current(media.id)).version);
    return this.commit(user, media, base, { segments: old.segments, speakers: old.speakers }, 'restored', old.textSource, `restored version ${v}`);
  }

  private async change(user: User, media: MediaRecord, base: number, apply: (draft: TranscriptDraft) => TranscriptDraft, note: string): Promise<CurrentTranscript> {
    this.editable(media);
    const current = await this.history.current(media.id);
    checkCurrent(base, current.version);
    if (current.source === null && current.segments.length === 0) throw new TranscriptNotEditableError('this media has no transcript yet; import one with PUT /api/media/:id/transcript');
    const draft = apply({ segments: current.segments, speakers: current.speakers });
    // Based on what was read: if another change lands while the index is built, this one is stale.
    return this.commit(user, media, current.version, draft, 'edited', 'edited', note);
  }

  private async commit(
    user: User,
    media: MediaRecord,
    base: number | undefined,
    draft: TranscriptDraft,
    source: TranscriptVersionSource,
    textSource: TranscriptSource,
    note: string,
  ): Promise<CurrentTranscript> {
    const chunks = await indexChunks(this.embedder, draft);
    const result = await this.history.commit({ mediaId: media.id, ownerId: media.ownerId, baseVersion: base, source, textSource, authorId: user.id, note, draft, chunks });
    if (!result.committed) {
      throw new VersionPreconditionError(409, 'stale_version', `the transcript changed while this change was applied: it is now version ${result.current}; reload it and apply the change again`);
    }
    return this.history.current(media.id);
  }

  /** Changes wait for processing to end, so speech-to-text never writes over them mid-way. */
  private editable(media: MediaRecord): void {
    if (media.status !== 'READY') throw new TranscriptNotEditableError(`the transcript can be changed once the media is READY (it is ${media.status})`);
  }
}
