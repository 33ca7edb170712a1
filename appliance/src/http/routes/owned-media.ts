import type { MediaRecord, User } from '../../domain/media.js';
import type { Database } from '../../ports/database.js';
import { notFound } from '../respond.js';

/** The caller's media with this id, or 404: another owner's media is as absent as an unknown one. */
export async function ownedMedia(db: Database, user: User, id: string): Promise<MediaRecord> {
  const media = await db.media.findForOwner(id, user.id);
  if (!media) throw notFound();
  return media;
}
