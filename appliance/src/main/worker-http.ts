import { createServer } from 'node:http';
import type { Registry } from 'prom-client';
import { authenticate } from '../http/auth.js';
import { HttpError, sendError, sendJson } from '../http/respond.js';
import type { Accounts } from '../services/accounts.js';
import { checkHealth, type HealthCheck } from '../services/health.js';

/**
 * A worker process's own small HTTP surface: /healthz for orchestrators and /metrics (admin
 * token) so stage durations and failures, recorded where the stages run, can be scraped.
 */
export async function startWorkerHttp(options: {
  host: string;
  port: number;
  accounts: Accounts;
  registry: Registry;
  checks: HealthCheck[];
  version: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = (req.url ?? '/').split('?')[0];
        if (path === '/healthz') {
          const health = await checkHealth(options.checks, options.version);
          sendJson(res, health.status === 'down' ? 503 : 200, health);
          return;
        }
        if (path !== '/metrics') throw new HttpError(404, 'not_found', `no route for ${path} on a worker`);
        const user = await authenticate(req, options.accounts);
        if (!user.isAdmin) throw new HttpError(403, 'forbidden', 'this route needs an admin token');
        res.writeHead(200, { 'Content-Type': options.registry.contentType });
        res.end(await options.registry.metrics());
      } catch (error) {
        sendError(res, error instanceof HttpError ? error : new HttpError(500, 'internal', 'internal error'));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
