import { createHash } from 'node:crypto';
import { DEFAULT_SORT_ORDER, type ListedStatus, type MediaKind, type MediaSort, type SortOrder } from '@biblio/shared';
import type { MediaRecord } from './media.js';

/*
 * The library list's ordering and keyset cursor, as pure rules: the SQL repository builds the
 * same ordering in SQL and the memory repository uses these functions directly, and the
 * conformance suite holds both to the same answers.
 *
 * Keyset paging (WHERE (key, id) after the last row seen) instead of OFFSET: a page never
 * repeats or skips a row when uploads arrive or disappear between requests, because the
 * position is a value in the ordering, not a row count. The id is the unique tiebreaker.
 */

/** Which stored value a sort orders by. */
export type SortKey = 'created' | 'title' | 'duration' | 'size';
export interface SortSpec {
  key: SortKey;
  order: SortOrder;
}

const KEY_OF: Readonly<Record<MediaSort, SortKey>> = { newest: 'created', oldest: 'created', title: 'title', duration: 'duration', size: 'size' };

export function sortSpecOf(sort: MediaSort, order?: SortOrder): SortSpec {
  return { key: KEY_OF[sort], order: order ?? DEFAULT_SORT_ORDER[sort] };
}

/**
 * Media without a known duration (not validated yet) sort after every known one in both
 * directions: the stand-in is the largest or smallest double, which JSON and float8 carry exactly.
 */
export const UNKNOWN_DURATION = { asc: Number.MAX_VALUE, desc: -1 } as const;

/** The value a media has under a sort key: a number for every key but title. */
export function sortValueOf(media: Pick<MediaRecord, 'createdAt' | 'sortTitle' | 'durationSec' | 'size'>, spec: SortSpec): string | number {
  switch (spec.key) {
    case 'created':
      return media.createdAt.getTime();
    case 'title':
      return media.sortTitle;
    case 'duration':
      return media.durationSec ?? UNKNOWN_DURATION[spec.order];
    case 'size':
      return media.size;
  }
}

/**
 * The title a library sorts by: the title when there is one, else the filename, case-folded.
 * Computed once here and stored (media.sort_title), so SQL and memory order identical values
 * by code point (COLLATE "C" in SQL) instead of two engines' ideas of lower-casing.
 */
export function sortTitleOf(title: string | null, filename: string): string {
  return (title ?? filename).normalize('NFKC').toLowerCase();
}

/** Code point order, as Postgres compares under COLLATE "C" (UTF-8 bytes). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}

/** Where a page ends: the last row's sort value and id. */
export interface ListPosition {
  value: string | number;
  id: string;
}

/** Negative when `a` comes first in the list; ids (unique) break every tie. */
export function comparePositions(a: ListPosition, b: ListPosition, spec: SortSpec): number {
  const sign = spec.order === 'asc' ? 1 : -1;
  const byValue = compareValues(a.value, b.value);
  if (byValue !== 0) return sign * byValue;
  return sign * compareCodePoints(a.id, b.id);
}

export function positionOf(media: MediaRecord, spec: SortSpec): ListPosition {
  return { value: sortValueOf(media, spec), id: media.id };
}

/** What the owner narrows the list to; every field is optional and they combine with AND. */
export interface MediaFilter {
  statuses?: ListedStatus[];
  kind?: MediaKind;
  language?: string;
  /** createdAt >= from */
  from?: Date;
  /** createdAt < to */
  to?: Date;
  /** A case-insensitive substring of the title or the filename. */
  text?: string;
  sha256?: string;
}

/**
 * Audio or video: what validation found, else what the declared type says (a card shows the
 * right icon while the file is still uploading), else unknown.
 */
export function kindOf(media: Pick<MediaRecord, 'facts' | 'filetype'>): MediaKind | null {
  if (media.facts) return media.facts.kind;
  if (media.filetype.startsWith('audio/')) return 'audio';
  if (media.filetype.startsWith('video/')) return 'video';
  return null;
}

export function matchesFilter(media: MediaRecord, filter: MediaFilter): boolean {
  if (filter.statuses && !(filter.statuses as string[]).includes(media.status)) return false;
  if (filter.kind && kindOf(media) !== filter.kind) return false;
  if (filter.language && media.language?.toLowerCase() !== filter.language.toLowerCase()) return false;
  if (filter.from && media.createdAt < filter.from) return false;
  if (filter.to && media.createdAt >= filter.to) return false;
  if (filter.sha256 && media.sha256 !== filter.sha256) return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    if (!media.filename.toLowerCase().includes(needle) && !(media.title ?? '').toLowerCase().includes(needle)) return false;
  }
  return true;
}

/** One page request as repositories take it. */
export interface MediaPageRequest {
  filter: MediaFilter;
  sort: SortSpec;
  /** Rows strictly after this position; the first page has none. */
  after?: ListPosition;
  limit: number;
}

// ---- the cursor ---------------------------------------------------------------------------

const CURSOR_VERSION = 1;

/**
 * A cursor belongs to one sort and one filter: this short digest of both is inside it, so a
 * cursor replayed with other parameters is refused instead of silently starting elsewhere.
 */
function fingerprintOf(spec: SortSpec, filter: MediaFilter): string {
  const canonical = JSON.stringify([
    spec.key,
    spec.order,
    [...(filter.statuses ?? [])].sort(),
    filter.kind ?? null,
    filter.language?.toLowerCase() ?? null,
    filter.from?.getTime() ?? null,
    filter.to?.getTime() ?? null,
    filter.text ?? null,
    filter.sha256 ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/**
 * The opaque text a client passes back for the next page. It is not a secret (it holds a
 * position in the caller's own list, every query is owner-scoped whatever it says), so it
 * needs no signature; it is versioned and checked field by field so anything the appliance
 * did not issue for this query is a 400, never a 500 or a wrong page.
 */
export function encodeCursor(position: ListPosition, spec: SortSpec, filter: MediaFilter): string {
  const body = { v: CURSOR_VERSION, f: fingerprintOf(spec, filter), k: position.value, i: position.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_TITLE_KEY_LENGTH = 1024;

export type CursorResult = { ok: true; position: ListPosition } | { ok: false; reason: string };

export function decodeCursor(text: string, spec: SortSpec, filter: MediaFilter): CursorResult {
  const invalid = (reason: string): CursorResult => ({ ok: false, reason });
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return invalid('cursor is not one this appliance issued');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return invalid('cursor is not one this appliance issued');
  }
  if (typeof body !== 'object' || body === null) return invalid('cursor is not one this appliance issued');
  const { v, f, k, i } = body as Record<string, unknown>;
  if (v !== CURSOR_VERSION) return invalid('cursor is from another version of the appliance; start from the first page');
  if (f !== fingerprintOf(spec, filter)) return invalid('cursor belongs to another sort or filter; start from the first page');
  if (typeof i !== 'string' || !UUID.test(i)) return invalid('cursor is not one this appliance issued');
  const valueOk =
    spec.key === 'title'
      ? typeof k === 'string' && k.length <= MAX_TITLE_KEY_LENGTH
      : typeof k === 'number' && Number.isFinite(k) && (spec.key === 'duration' || Number.isSafeInteger(k));
  if (!valueOk) return invalid('cursor is not one this appliance issued');
  return { ok: true, position: { value: k as string | number, id: i } };
}

/**
 * Cuts a page out of `limit + 1` fetched rows: the extra row only says whether another page
 * exists, so the last page never hands out a cursor that leads to an empty one.
 */
export function pageOf(rows: readonly MediaRecord[], request: MediaPageRequest): { media: MediaRecord[]; nextCursor: string | null } {
  const media = rows.slice(0, request.limit);
  const last = media.at(-1);
  const nextCursor = rows.length > request.limit && last ? encodeCursor(positionOf(last, request.sort), request.sort, request.filter) : null;
  return { media, nextCursor };
}
