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
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const searchResultSchema = z.object({
  mediaId: z.string(),
  filename: z.string(),
  /** The second the phrase is spoken. */
  start: z.number(),
  end: z.number(),
  text: z.string(),
  snippet: z.string(),
  score: z.number(),
});
export type SearchResultDto = z.infer<typeof searchResultSchema>;

export const searchResponseSchema = z.object({ results: z.array(searchResultSchema) });
