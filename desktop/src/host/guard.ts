import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the host. The core holds the user's appliance token and reads local files, so
 * a web page in another tab must not be able to drive it:
 * - Host header: only 127.0.0.1:PORT / localhost:PORT, which defeats DNS rebinding (an attacker's
 *   domain resolving to 127.0.0.1 would send its own name).
 * - Origin: WebSocket upgrades and staging uploads must come from the served page itself.
 * - Secret: a per-run random value that only the served page carries (cross-origin pages cannot
 *   read it: the same-origin policy keeps the HTML from them).
 */
export class Guard {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;
  private readonly digest: Buffer;

  constructor(port: number, secret: string) {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((host) => `http://${host}`));
    this.digest = createHash('sha256').update(secret).digest();
  }

  hostAllowed(req: IncomingMessage): boolean {
    return this.hosts.has(req.headers.host ?? '');
  }

  originAllowed(req: IncomingMessage): boolean {
    return this.origins.has(req.headers.origin ?? '');
  }

  /** Constant-time comparison of digests, so the length and content of the secret do not leak. */
  secretMatches(given: string | null | undefined): boolean {
    if (!given) return false;
    return timingSafeEqual(createHash('sha256').update(given).digest(), this.digest);
  }
}
