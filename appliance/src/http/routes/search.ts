import { API } from '@biblio/shared';
import type { SearchService } from '../../services/search.js';
import type { Router } from '../router.js';

/** GET /api/search: the caller's media only, best first; q and limit are checked by the contract. */
export function searchRoutes(router: Router, search: SearchService): void {
  router.on(API.search, async ({ user, query, send }) => {
    send(200, { results: await search.search(user.id, query.q, query.limit) });
  });
}
