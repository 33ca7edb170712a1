import { API } from '@biblio/shared';
import type { SearchService } from '../../services/search.js';
import type { Router } from '../router.js';

/** GET /api/search and /api/search/suggest: the caller's media only; q and limit are checked by the contract. */
export function searchRoutes(router: Router, search: SearchService): void {
  router.on(API.search, async ({ user, query, send }) => {
    send(200, await search.answer(user.id, query.q, query.limit, query.speaker === undefined ? {} : { speaker: query.speaker }));
  });
  router.on(API.suggest, async ({ user, query, send }) => {
    send(200, { suggestions: await search.suggest(user.id, query.q) });
  });
}
