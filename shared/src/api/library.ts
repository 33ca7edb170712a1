import { z } from 'zod';
import { MEDIA_KINDS, MEDIA_STATUSES, mediaSchema, type MediaStatus } from './media.js';

/**
 * The library view of GET /api/media: cursor paging, sorting, filters and a title/filename
 * search. Every parameter is a string on the wire; a bad one is a 400 naming it.
 */
export const MEDIA_SORTS = ['newest', 'oldest', 'title', 'duration', 'size'] as const;
export type MediaSort = (typeof MEDIA_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
/**
 * The direction of each sort when `order` is not given: newest first, oldest first, titles
 * A to Z, longest first, largest first. Unknown durations sort last in both directions.
 */
export const DEFAULT_SORT_ORDER: Readonly<Record<MediaSort, SortOrder>> = {
  newest: 'desc',
  oldest: 'asc',
  title: 'asc',
  duration: 'desc',
  size: 'desc',
};

export const MEDIA_PAGE_LIMIT_MAX = 100;
export const MEDIA_PAGE_LIMIT_DEFAULT = 50;
export const MEDIA_SEARCH_MAX_LENGTH = 200;
/** An opaque cursor is short base64url; anything longer was not made by the appliance. */
export const MEDIA_CURSOR_MAX_LENGTH = 1024;

/** Statuses an owner can filter on (deleted media are gone from every view). */
export const LISTED_STATUSES = MEDIA_STATUSES.filter((s) => s !== 'DELETED');
export type ListedStatus = Exclude<MediaStatus, 'DELETED'>;

const limitMessage = `limit must be an integer from 1 to ${MEDIA_PAGE_LIMIT_MAX}`;
const statusMessage = `status must be a comma-separated list of ${LISTED_STATUSES.join(', ')}`;
const dateMessage = (name: string) => `${name} must be an ISO 8601 date or date-time (2026-01-31 or 2026-01-31T12:00:00Z)`;

/** 2026-01-31, or a date-time with a zone (Z or +01:00): a zoneless time would depend on the server. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const isoDate = (name: string) =>
  z
    .string()
    .regex(ISO_DATE, dateMessage(name))
    .transform((text, ctx) => {
      const date = new Date(text);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: dateMessage(name) });
        return z.NEVER;
      }
      return date;
    });

const statuses = z.string().transform((text, ctx) => {
  const list = [...new Set(text.split(',').map((s) => s.trim().toUpperCase()))];
  const known = (s: string): s is ListedStatus => (LISTED_STATUSES as readonly string[]).includes(s);
  if (!list.every(known)) {
    ctx.addIssue({ code: 'custom', message: statusMessage });
    return z.NEVER;
  }
  return list;
});

/** GET /api/media?sort=&order=&limit=&cursor=&status=&kind=&language=&from=&to=&q=&sha256= */
export const mediaListQuerySchema = z
  .object({
    sort: z.enum(MEDIA_SORTS, { error: `sort must be one of ${MEDIA_SORTS.join(', ')}` }).default('newest'),
    order: z.enum(SORT_ORDERS, { error: 'order must be asc or desc' }).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, limitMessage)
      .transform(Number)
      .pipe(z.number().int().min(1, limitMessage).max(MEDIA_PAGE_LIMIT_MAX, limitMessage))
      .optional()
      .transform((limit) => limit ?? MEDIA_PAGE_LIMIT_DEFAULT),
    cursor: z.string().min(1, 'cursor must not be empty').max(MEDIA_CURSOR_MAX_LENGTH, 'cursor is not one this appliance issued').optional(),
    status: statuses.optional(),
    kind: z.enum(MEDIA_KINDS, { error: 'kind must be audio or video' }).optional(),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a language tag such as en or pt-BR')
      .optional(),
    from: isoDate('from').optional(),
    to: isoDate('to').optional(),
    q: z
      .string()
      .trim()
      .min(1, 'q must not be empty')
      .max(MEDIA_SEARCH_MAX_LENGTH, `q must be at most ${MEDIA_SEARCH_MAX_LENGTH} characters`)
      .regex(/^[^\u0000-\u001f\u007f]*$/, 'q must not contain control characters')
      .optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hexadecimal digits')
      .transform((hex) => hex.toLowerCase())
      .optional(),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, { message: 'from must be before to', path: ['from'] });
export type MediaListQuery = z.output<typeof mediaListQuerySchema>;

/** One page: `nextCursor` fetches the next one (same parameters), null on the last page. */
export const mediaPageSchema = z.object({ media: z.array(mediaSchema), nextCursor: z.string().nullable() });
export type MediaPage = z.infer<typeof mediaPageSchema>;

/** PATCH /api/media/:id: a new title (null clears it) and/or a new filename. */
export const MEDIA_TITLE_MAX_LENGTH = 300;
export const MEDIA_FILENAME_MAX_LENGTH = 255;
const noControl = /^[^\u0000-\u001f\u007f]*$/;
export const mediaPatchSchema = z
  .object({
    title: z
      .string()
      .trim()
      .max(MEDIA_TITLE_MAX_LENGTH, `title must be at most ${MEDIA_TITLE_MAX_LENGTH} characters`)
      .regex(noControl, 'title must not contain control characters')
      .transform((title) => (title === '' ? null : title))
      .nullable()
      .optional(),
    filename: z
      .string()
      .trim()
      .min(1, 'filename must not be empty')
      .max(MEDIA_FILENAME_MAX_LENGTH, `filename must be at most ${MEDIA_FILENAME_MAX_LENGTH} characters`)
      .regex(noControl, 'filename must not contain control characters')
      .refine((name) => !/[/\\]/.test(name), 'filename must not contain / or \\')
      .optional(),
  })
  .strict()
  .refine((patch) => patch.title !== undefined || patch.filename !== undefined, { message: 'send title and/or filename', path: ['title'] });
export type MediaPatch = z.output<typeof mediaPatchSchema>;

/**
 * `?download=1` asks for Content-Disposition: attachment (save as a file) instead of inline
 * (show in place); the filename comes from the media either way.
 */
export const downloadQuerySchema = z.object({
  download: z
    .enum(['0', '1', 'true', 'false'], { error: 'download must be 1 or 0' })
    .optional()
    .transform((value) => value === '1' || value === 'true'),
});
