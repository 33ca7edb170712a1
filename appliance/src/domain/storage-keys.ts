/**
 * The storage key layout, owned here and nowhere else (the filesystem store and S3 share it):
 *   uploads/{ownerId}/{mediaId}                     the uploaded bytes
 *   media/{ownerId}/{mediaId}/{kind}/{runId}/...    derived assets, one folder per stage run
 * Keys are built from ids only, never from anything a client names, so a filename can never
 * steer where bytes land.
 */
export const UPLOADS_PREFIX = 'uploads/';
const DERIVED_PREFIX = 'media/';

export function uploadObjectKey(ownerId: string, mediaId: string): string {
  return `${UPLOADS_PREFIX}${ownerId}/${mediaId}`;
}

/** The ids an upload key holds; undefined for a key of another shape. */
export function parseUploadKey(key: string): { ownerId: string; mediaId: string } | undefined {
  const parts = key.split('/');
  if (parts.length !== 3 || `${parts[0]}/` !== UPLOADS_PREFIX || !parts[1] || !parts[2]) return undefined;
  return { ownerId: parts[1], mediaId: parts[2] };
}

export function derivedPrefix(ownerId: string, mediaId: string): string {
  return `${DERIVED_PREFIX}${ownerId}/${mediaId}`;
}

/** media/{o}/{m}/{kind}/{runId}[/file...] -> media/{o}/{m}/{kind}/{runId} */
export function runFolderOf(key: string): string {
  return key.split('/').slice(0, 5).join('/');
}
