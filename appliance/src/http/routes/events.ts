import type { ServerResponse } from 'node:http';
import type { EventBus } from '../../ports/event-bus.js';
import type { Router } from '../router.js';

const HEARTBEAT_MS = 15_000;

/**
 * GET /api/events: server-sent events of the caller's own media. Returns a function that ends
 * every open stream, for graceful shutdown (open streams would otherwise keep the server up).
 */
export function eventRoutes(router: Router, bus: EventBus): () => void {
  const open = new Set<ServerResponse>();

  router.on('GET', '/api/events', ({ req, res, user }) => {
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
    const close = () => {
      clearInterval(heartbeat);
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
