import { API } from '@biblio/shared';
import type { Quotas } from '../../services/quotas.js';
import type { Router } from '../router.js';

/**
 * GET /api/me: who the token belongs to (clients use it to validate a pasted token), and the
 * user's quota usage and limits (null = unlimited), so the desktop app can show them.
 */
export function accountRoutes(router: Router, quotas?: Quotas): void {
  router.on(API.me, async ({ user, send }) => {
    const quota = quotas ? await quotas.report(user.id) : undefined;
    send(200, { id: user.id, name: user.name, isAdmin: user.isAdmin, ...(quota ? { usage: quota.usage, limits: quota.limits } : {}) });
  });
}
