import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_TOKEN, applianceApi } from './processes.js';

/** What the appliance holds, checked behind the UI's back. */
export async function mediaNamed(base: string, filename: string, token = ADMIN_TOKEN) {
  const list = (await applianceApi(base, token, '/api/media')).json.media as { id: string; filename: string; status: string }[];
  return list.filter((m) => m.filename === filename);
}

export async function storedSha256(base: string, dataDir: string, mediaId: string, token = ADMIN_TOKEN): Promise<string> {
  const owner = (await applianceApi(base, token, '/api/me')).json.id as string;
  const bytes = await readFile(path.join(dataDir, 'storage', 'uploads', owner, mediaId));
  return createHash('sha256').update(bytes).digest('hex');
}

export async function fileSha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}
