import { API } from '@biblio/shared';
import type { MediaService } from '../../services/media-service.js';
import { HttpError, notFound } from '../respond.js';
import type { Router } from '../router.js';
import { sendOriginal } from './original.js';

export function mediaRoutes(router: Router, media: MediaService): void {
  router.on(API.listMedia, async ({ user, query, send }) => {
    const page = await media.page(user.id, query);
    if ('invalidCursor' in page) throw new HttpError(400, 'invalid_cursor', page.invalidCursor, 'cursor');
    send(200, page);
  });

  router.on(API.getMedia, async ({ user, params, send }) => {
    const found = await media.get(user.id, params.id);
    if (!found) throw notFound();
    send(200, found);
  });

  router.on(API.updateMedia, async ({ user, params, body, send }) => {
    const renamed = await media.rename(user.id, params.id, body);
    if (!renamed) throw notFound();
    send(200, renamed);
  });

  router.on(API.original, async ({ req, res, user, params, query }) => {
    const found = await media.findOwned(user.id, params.id);
    if (!found) throw notFound();
    await sendOriginal(req, res, media, found, query.download);
  });

  router.on(API.deleteMedia, async ({ res, user, params }) => {
    if (!(await media.delete(user.id, params.id))) throw notFound();
    res.writeHead(204).end();
  });
}
