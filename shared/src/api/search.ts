import { z } from 'zod';

/** The longest search the appliance accepts; the desktop checks the same bound before sending. */
export const SEARCH_QUERY_MAX_LENGTH = 500;
export const SEARCH_LIMIT_MAX = 100;
export const SEARCH_LIMIT_DEFAULT = 10;

const limitMessage = `limit must be an integer from 1 to ${SEARCH_LIMIT_MAX}`;

/** GET /api/search?q=TEXT&limit=N */
export const searchQuerySchema = z.object({
  q: z
    .string({ error: 'q is required' })
    .trim()
    .min(1, 'q is required')
    .max(SEARCH_QUERY_MAX_LENGTH, `q must be at most ${SEARCH_QUERY_MAX_LENGTH} characters`)
    // Postgres text cannot hold NUL; control characters never belong in a search anyway.
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'q must not contain control characters'),
  // Digits only: "1e2", "1.5" and "+5" are numbers to Number() but not what a client means.
  limit: z
    .string()
    .regex(/^\d{1,3}$/, limitMessage)
    .transform(Number)
    .pipe(z.number().int().min(1, limitMessage).max(SEARCH_LIMIT_MAX, limitMessage))
    .optional()
    .transform((limit) => limit ?? SEARCH_LIMIT_DEFAULT),
  /** Only moments spoken by a speaker of this name (case-insensitive). */
  speaker: z
    .string()
    .trim()
    .min(1, 'speaker must not be empty')
    .max(80, 'speaker must be at most 80 characters')
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'speaker must not contain control characters')
    .optional(),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

/** A highlighted stretch of a text: UTF-16 offsets, `end` exclusive (what String.slice takes). */
export const highlightSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });
export type HighlightDto = z.infer<typeof highlightSchema>;

/** Where a hit matched. A title or filename hit has no spoken moment: start and end are 0. */
export const SEARCH_FIELDS = ['transcript', 'title', 'filename'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/**
 * How a hit matched, best first: the exact phrase; every word as typed; every word, some
 * through an alternative (one-letter typo, 초성, Korean stem, completion); at least half of the
 * words; meaning only (an embedding neighbour above the engine's similarity floor).
 */
export const SEARCH_MATCHES = ['phrase', 'all', 'expanded', 'partial', 'semantic'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

// The fields added with grouping are optional so clients keep reading older appliances.
export const searchResultSchema = z.object({
  mediaId: z.string(),
  filename: z.string(),
  title: z.string().nullable().optional(),
  /** The second the phrase is spoken. */
  start: z.number(),
  end: z.number(),
  text: z.string(),
  snippet: z.string(),
  score: z.number(),
  field: z.enum(SEARCH_FIELDS).optional(),
  match: z.enum(SEARCH_MATCHES).optional(),
  /** Matched words in `text`. */
  highlights: z.array(highlightSchema).optional(),
  /** Matched words in `snippet`. */
  snippetHighlights: z.array(highlightSchema).optional(),
  /** Who speaks at `start`, when the transcript names speakers. */
  speaker: z.string().nullable().optional(),
});
export type SearchResultDto = z.infer<typeof searchResultSchema>;

/** The hits of one recording: its best moment first; `moments.length - 1` more to expand. */
export const searchGroupSchema = z.object({
  mediaId: z.string(),
  filename: z.string(),
  title: z.string().nullable(),
  score: z.number(),
  moments: z.array(searchResultSchema).min(1),
});
export type SearchGroupDto = z.infer<typeof searchGroupSchema>;

/**
 * `results`: moments best first (at most `limit`); `groups`: the same moments by recording, in
 * the order of each recording's best moment; `suggestions`: other queries worth trying, given
 * when nothing matched.
 */
export const searchResponseSchema = z.object({
  results: z.array(searchResultSchema),
  groups: z.array(searchGroupSchema).optional(),
  suggestions: z.array(z.string()).optional(),
});
export type SearchResponseDto = z.infer<typeof searchResponseSchema>;

export const SUGGEST_QUERY_MAX_LENGTH = 100;
export const SUGGEST_LIMIT = 8;

/** GET /api/search/suggest?q=TEXT: what the user is probably typing. */
export const suggestQuerySchema = z.object({
  q: z
    .string({ error: 'q is required' })
    .trim()
    .min(1, 'q is required')
    .max(SUGGEST_QUERY_MAX_LENGTH, `q must be at most ${SUGGEST_QUERY_MAX_LENGTH} characters`)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'q must not contain control characters'),
});

export const SUGGESTION_KINDS = ['title', 'words'] as const;

/** Completions of the typed text: titles of the owner's media, then frequent words. */
export const suggestResponseSchema = z.object({
  suggestions: z.array(z.object({ text: z.string(), kind: z.enum(SUGGESTION_KINDS), mediaId: z.string().optional() })),
});
export type SuggestResponseDto = z.infer<typeof suggestResponseSchema>;
