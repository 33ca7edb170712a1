import type { MediaService } from '../../services/media-service.js';
import { notFound, sendJson } from '../respond.js';
import { isUuid, type Router } from '../router.js';

export function mediaRoutes(router: Router, media: MediaService): void {
  router.on('GET', '/api/media', async ({ res, user }) => {
    sendJson(res, 200, { media: await media.list(user.id) });
  });

  router.on('GET', '/api/media/:id', async ({ res, user, params }) => {
    const found = isUuid(params['id']!) ? await media.get(user.id, params['id']!) : undefined;
    if (!found) throw notFound();
    sendJson(res, 200, found);
  });

  router.on('DELETE', '/api/media/:id', async ({ res, user, params }) => {
    const deleted = isUuid(params['id']!) && (await media.delete(user.id, params['id']!));
    if (!deleted) throw notFound();
    res.writeHead(204).end();
  });
}
