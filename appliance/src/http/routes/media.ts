import { API } from '@biblio/shared';
import type { MediaService } from '../../services/media-service.js';
import { notFound } from '../respond.js';
import type { Router } from '../router.js';

export function mediaRoutes(router: Router, media: MediaService): void {
  router.on(API.listMedia, async ({ user, send }) => {
    send(200, { media: await media.list(user.id) });
  });

  router.on(API.getMedia, async ({ user, params, send }) => {
    const found = await media.get(user.id, params.id);
    if (!found) throw notFound();
    send(200, found);
  });

  router.on(API.deleteMedia, async ({ res, user, params }) => {
    if (!(await media.delete(user.id, params.id))) throw notFound();
    res.writeHead(204).end();
  });
}
