import { API } from '@biblio/shared';
import type { Registry } from 'prom-client';
import type { Router } from '../router.js';

/** GET /metrics: Prometheus text exposition, admin tokens only (the contract says so). */
export function metricsRoutes(router: Router, registry: Registry): void {
  router.on(API.metrics, async ({ res }) => {
    const body = await registry.metrics();
    res.writeHead(200, { 'Content-Type': registry.contentType });
    res.end(body);
  });
}
