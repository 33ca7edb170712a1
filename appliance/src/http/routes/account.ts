import type { Quotas } from '../../services/quotas.js';
import { sendJson } from '../respond.js';
import type { Router } from '../router.js';

/**
 * GET /api/me: who the token belongs to (clients use it to validate a pasted token), and the
 * user's quota usage and limits (null = unlimited), so the desktop app can show them.
 */
export function accountRoutes(router: Router, quotas?: Quotas): void {
  router.on('GET', '/api/me', async ({ res, user }) => {
    const quota = quotas ? await quotas.report(user.id) : undefined;
    sendJson(res, 200, { id: user.id, name: user.name, isAdmin: user.isAdmin, ...(quota ? { usage: quota.usage, limits: quota.limits } : {}) });
  });
}
