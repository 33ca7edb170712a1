import { z } from 'zod';

/** GET /api/media/:id/playback: a signed HLS master playlist URL and when it stops working. */
export const playbackSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type PlaybackDto = z.infer<typeof playbackSchema>;

/** GET /api/media/:id/thumbnail.jpg?size=1280; any other size means the 320 px poster. */
export const thumbnailQuerySchema = z.object({ size: z.string().optional() });

/** A media id, then an optional rendition folder, then a playlist or segment file. */
const PLAY_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/((?:[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+\.(?:m3u8|ts))$/;

/** GET /play/:mediaId/<file>: the path names a file under the media's HLS output, never above it. */
export const playParamsSchema = z
  .object({ path: z.string().regex(PLAY_FILE).refine((path) => !path.includes('..')) })
  .transform(({ path }) => ({ mediaId: path.slice(0, 36), file: path.slice(37) }));

/** The signature of a playback URL; checked by the appliance, so absent is not a 400 but a 403. */
export const playQuerySchema = z.object({ exp: z.string().optional(), sig: z.string().optional() });
