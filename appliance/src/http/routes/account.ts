import type { Router } from '../router.js';

/** GET /api/me: who the token belongs to; clients use it to validate a pasted token. */
export function accountRoutes(router: Router): void {
  router.on('GET', '/api/me', ({ res, user }) => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ id: user.id, name: user.name, isAdmin: user.isAdmin }));
  });
}
