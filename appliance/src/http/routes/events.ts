import type { ServerResponse } from 'node:http';
import { API } from '@biblio/shared';
import type { EventBus } from '../../ports/event-bus.js';
import type { Router } from '../router.js';

const HEARTBEAT_MS = 15_000;

export interface EventRouteOptions {
  /** Is this token still live? Streams whose token was revoked (or whose user is gone) end. */
  tokenIsLive: (token: string) => Promise<boolean>;
  /**
   * How often each stream re-checks its token. Revocation can happen in another process (the
   * admin CLI writing the database directly, another api replica), so polling the database is
   * the one signal every deployment shares; a few seconds bounds how long a revoked token keeps
   * receiving events.
   */
  recheckMs?: number;
}

/**
 * GET /api/events: server-sent events of the caller's own media. Returns a function that ends
 * every open stream, for graceful shutdown (open streams would otherwise keep the server up).
 */
export function eventRoutes(router: Router, bus: EventBus, options: EventRouteOptions): () => void {
  const open = new Set<ServerResponse>();
  const recheckMs = options.recheckMs ?? 2_000;

  router.on(API.events, ({ req, res, user, token }) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Tell reverse proxies (nginx) not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    res.write(': connected\n\n');
    open.add(res);
    const unsubscribe = bus.subscribe(user.id, (event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    let checking = false;
    const recheck = setInterval(() => {
      if (checking) return;
      checking = true;
      options
        .tokenIsLive(token)
        .then((live) => {
          if (live) return;
          // Tell a well-behaved client why, then end; EventSource reconnects and gets a 401.
          res.write(`event: auth.revoked\ndata: {"type":"auth.revoked"}\n\n`);
          res.end();
        })
        // A database hiccup is not a revocation: keep the stream and check again next time.
        .catch(() => undefined)
        .finally(() => (checking = false));
    }, recheckMs);
    const close = () => {
      clearInterval(heartbeat);
      clearInterval(recheck);
      unsubscribe();
      open.delete(res);
    };
    req.on('close', close);
    res.on('close', close);
  });

  return () => {
    for (const res of open) res.end();
  };
}
