import { API } from '@biblio/shared';
import { checkHealth, type HealthCheck } from '../../services/health.js';
import type { Router } from '../router.js';

/** GET /healthz: open (probes carry no token); 503 names the component that is down. */
export function healthRoutes(router: Router, checks: HealthCheck[], version: string): void {
  router.on(API.health, async ({ send }) => {
    const health = await checkHealth(checks, version);
    send(health.status === 'down' ? 503 : 200, health);
  });
}
