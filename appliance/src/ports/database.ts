import type { MediaStatus, Stage, StageStatus } from '@biblio/shared';
import type { MediaRecord, NewMedia, StageRecord, User } from '../domain/media.js';
import type { MediaPageRequest } from '../domain/media-listing.js';
import type { QuotaOverride, QuotaUsage } from '../domain/quota.js';

export interface UserRepository {
  create(input: { id: string; name: string; isAdmin: boolean }): Promise<User>;
  findById(id: string): Promise<User | undefined>;
  findByName(name: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  count(): Promise<number>;
}

export interface TokenRepository {
  insert(userId: string, tokenHash: string): Promise<void>;
  /** The owner of a live (not revoked) token, by the token's hash. */
  findUser(tokenHash: string): Promise<User | undefined>;
  /** True when a live token was revoked. */
  revoke(tokenHash: string): Promise<boolean>;
}

export interface TransitionOptions {
  error?: string | null;
  uploadedBytes?: number;
}

export interface MediaRepository {
  create(media: NewMedia): Promise<MediaRecord>;
  findById(id: string): Promise<MediaRecord | undefined>;
  /** Visible media of one owner: another owner's (or deleted) media is simply not found. */
  findForOwner(id: string, ownerId: string): Promise<MediaRecord | undefined>;
  listForOwner(ownerId: string): Promise<MediaRecord[]>;
  /**
   * One page of an owner's visible media in the request's order, at most `limit` rows, strictly
   * after `after` when given (keyset paging: see domain/media-listing.ts).
   */
  listPage(ownerId: string, request: MediaPageRequest): Promise<MediaRecord[]>;
  /** Sets the names of an owner's visible media (sortTitle must match them); undefined if not found. */
  rename(id: string, ownerId: string, names: { title: string | null; filename: string; sortTitle: string }): Promise<MediaRecord | undefined>;
  /** Records the digest of the finished upload. */
  recordSha256(id: string, sha256: string): Promise<void>;
  /** Records upload progress; only while the media is still UPLOADING. */
  recordUploadProgress(id: string, uploadedBytes: number): Promise<void>;
  /**
   * Moves the media to `to` if the state machine allows it from its current status; returns
   * the updated record, or undefined when the move was not allowed (a lost race).
   */
  transition(id: string, to: MediaStatus, options?: TransitionOptions): Promise<MediaRecord | undefined>;
  /** UPLOADING media created before `before` (tus expiration counts from creation). */
  listUnfinishedCreatedBefore(before: Date, limit: number): Promise<MediaRecord[]>;
  /** Media in `statuses` whose last change is older than `before`. */
  listInStatusSince(statuses: readonly MediaStatus[], before: Date, limit: number): Promise<MediaRecord[]>;
  /** Deletes the media row with its stages and outbox rows. */
  purge(id: string): Promise<void>;
  stagesOf(mediaIds: readonly string[]): Promise<StageRecord[]>;
  /** Stages recorded as running, without an update since `before`, of media still processing. */
  listStuckStages(before: Date, limit: number): Promise<StageRecord[]>;
  upsertStage(
    mediaId: string,
    stage: Stage,
    update: { status: StageStatus; progress?: number; error?: string | null },
  ): Promise<void>;
}

export interface OutboxMessage {
  id: number;
  topic: string;
  mediaId: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
}

export interface OutboxRepository {
  add(topic: string, mediaId: string, payload: unknown): Promise<void>;
  pending(limit: number): Promise<OutboxMessage[]>;
  markPublished(id: number): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
}

export interface QuotaOverrides {
  storedBytes: QuotaOverride;
  pendingBytes: QuotaOverride;
  pendingUploads: QuotaOverride;
}

export interface QuotaRepository {
  /**
   * Serialises quota decisions for one owner until the surrounding transaction ends (a row lock
   * on the user), so concurrent creations cannot all pass a check that only one fits.
   */
  lockOwner(userId: string): Promise<void>;
  usage(userId: string): Promise<QuotaUsage>;
  overrides(userId: string): Promise<QuotaOverrides>;
  /** Sets the given fields; `null` returns a field to the default, undefined leaves it. */
  setOverrides(userId: string, overrides: Partial<QuotaOverrides>): Promise<void>;
}

export interface Repositories {
  users: UserRepository;
  tokens: TokenRepository;
  media: MediaRepository;
  outbox: OutboxRepository;
  quotas: QuotaRepository;
}

/** 'memory': the in-memory adapter of unit tests (adapters/memory). */
export type DatabaseEngine = 'pglite' | 'postgres' | 'memory';

export interface Database extends Repositories {
  readonly engine: DatabaseEngine;
  /** Runs `work` in one transaction: all its writes land together or not at all. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
