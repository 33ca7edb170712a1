import type { Speaker } from '../../domain/transcript-types.js';
import type { Clock } from '../../ports/clock.js';
import type {
  CommitResult,
  CurrentTranscript,
  TranscriptCommit,
  TranscriptDraft,
  TranscriptHistory,
  TranscriptVersion,
  TranscriptVersionSummary,
} from '../../ports/transcript-history.js';
import type { StoredSegment } from '../../ports/transcript-store.js';
import { copy, type MemoryTables } from './memory-state.js';
import type { MemorySearchIndex } from './search-index.js';

type StoredVersion = Omit<TranscriptVersion, 'authorName' | 'segmentCount'>;

/** Versions and speakers in memory, over the processing store's transcript windows. */
export class MemoryTranscriptHistory implements TranscriptHistory {
  private readonly history = new Map<string, StoredVersion[]>();
  private readonly speakers = new Map<string, Speaker[]>();

  constructor(
    private readonly tables: () => MemoryTables,
    private readonly clock: Clock,
    /** The processing store's transcript: window index -> segments, per media. */
    private readonly windows: Map<string, Map<number, StoredSegment[]>>,
    private readonly index: MemorySearchIndex,
  ) {}

  async current(mediaId: string): Promise<CurrentTranscript> {
    const segments = [...(this.windows.get(mediaId)?.values() ?? [])]
      .flat()
      .sort((a, b) => a.start - b.start || a.windowIdx - b.windowIdx)
      .map(({ windowIdx: _w, ...segment }) => copy(segment));
    return {
      version: this.history.get(mediaId)?.at(-1)?.version ?? 0,
      source: this.tables().media.get(mediaId)?.transcriptSource ?? null,
      speakers: copy(this.speakers.get(mediaId) ?? []),
      segments,
    };
  }

  async commit(change: TranscriptCommit): Promise<CommitResult> {
    const now = await this.current(change.mediaId);
    if (change.baseVersion !== undefined && change.baseVersion !== now.version) return { committed: false, current: now.version };
    let latest = now.version;
    if (latest === 0 && now.segments.length > 0) {
      latest = 1;
      this.add(change.mediaId, { version: 1, source: now.source ?? 'stt', textSource: now.source ?? 'stt', authorId: null, note: 'the transcript before the first change' }, now);
    }
    const version = latest + 1;
    this.add(change.mediaId, { version, source: change.source, textSource: change.textSource, authorId: change.authorId, note: change.note ?? null }, change.draft);
    this.windows.set(change.mediaId, new Map([[0, change.draft.segments.map(({ speakerName: _n, ...s }) => ({ ...copy(s), windowIdx: 0 }))]]));
    this.speakers.set(change.mediaId, copy(change.draft.speakers));
    const media = this.tables().media.get(change.mediaId);
    if (media) {
      media.transcriptSource = change.textSource;
      media.updatedAt = this.clock.now();
    }
    await this.index.replaceChunks(change.mediaId, change.ownerId, change.chunks);
    return { committed: true, version };
  }

  async versions(mediaId: string): Promise<TranscriptVersionSummary[]> {
    return (this.history.get(mediaId) ?? []).map((v) => {
      const { segments, speakers: _s, ...summary } = this.withAuthor(v);
      return { ...summary, segmentCount: segments.length };
    });
  }

  async version(mediaId: string, version: number): Promise<TranscriptVersion | undefined> {
    const found = this.history.get(mediaId)?.find((v) => v.version === version);
    return found && this.withAuthor(found);
  }

  async recordEngineTranscript(mediaId: string, engine: string): Promise<void> {
    const now = await this.current(mediaId);
    const last = this.history.get(mediaId)?.at(-1);
    const same = last && JSON.stringify(last.segments) === JSON.stringify(now.segments) && JSON.stringify(last.speakers) === JSON.stringify(now.speakers);
    if (!same) this.add(mediaId, { version: now.version + 1, source: 'stt', textSource: 'stt', authorId: null, note: `speech-to-text (${engine})` }, now);
    const media = this.tables().media.get(mediaId);
    if (media) media.transcriptSource = 'stt';
  }

  async clearForTranscription(mediaId: string): Promise<void> {
    this.windows.delete(mediaId);
    this.speakers.delete(mediaId);
    const media = this.tables().media.get(mediaId);
    if (media) media.transcriptSource = null;
  }

  forget(mediaId: string): void {
    this.history.delete(mediaId);
    this.speakers.delete(mediaId);
  }

  private add(mediaId: string, meta: Omit<StoredVersion, keyof TranscriptDraft | 'createdAt'>, draft: TranscriptDraft): void {
    const list = this.history.get(mediaId) ?? [];
    const segments = draft.segments.map(({ speakerName: _n, ...s }) => copy(s));
    list.push({ ...meta, createdAt: this.clock.now(), segments, speakers: copy(draft.speakers) });
    this.history.set(mediaId, list);
  }

  private withAuthor(v: StoredVersion): TranscriptVersion {
    const author = v.authorId === null ? undefined : this.tables().users.get(v.authorId);
    return { ...copy(v), authorName: author?.name ?? null, segmentCount: v.segments.length };
  }
}
