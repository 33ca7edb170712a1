import { randomUUID } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import { Redis } from 'ioredis';
import { redisOptions } from '../queue/redis-options.js';

const KEY_PREFIX = 'biblio:tus:lock:';
const RELEASE_CHANNEL = 'biblio:tus:release';
/** Announces that a lock was let go, so a waiter retries at once instead of at its next poll. */
const RELEASED_CHANNEL = 'biblio:tus:released';


/** Deletes or extends the key only while it still holds our token (never someone else's lock). */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export interface RedisLockerOptions {
  /** A lease: a crashed holder's lock frees itself after this. Renewed at a third of it. */
  leaseMs?: number;
  /** How long a request waits for a held lock before giving up (answered as 423 Locked). */
  acquireTimeoutMs?: number;
  /** The poll between attempts when no release is announced (a holder that died); default 50. */
  retryMs?: number;
}

/**
 * A tus locker shared by every api replica (@tus/server only ships an in-memory one, so two
 * replicas could write one upload at once). Locks are Redis keys with a renewed lease and a
 * random token; a waiting request asks the holder to let go (over pub/sub), as the memory
 * locker does in-process, so a client that reconnects to another replica is not stuck behind
 * its own dead request.
 */
export class RedisLocker implements Locker {
  readonly redis: Redis;
  private readonly subscriber: Redis;
  /** Release callbacks of the locks this process holds, by upload id. */
  readonly held = new Map<string, RequestRelease>();
  readonly leaseMs: number;
  readonly acquireTimeoutMs: number;
  readonly retryMs: number;

  constructor(url: string, options: RedisLockerOptions = {}) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 5_000;
    this.retryMs = options.retryMs ?? 50;
    this.redis = new Redis(redisOptions(url, 'worker'));
    this.subscriber = new Redis(redisOptions(url, 'worker'));
    this.redis.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    void this.subscriber.subscribe(RELEASE_CHANNEL, RELEASED_CHANNEL);
    this.subscriber.on('message', (channel: string, id: string) => {
      if (channel === RELEASED_CHANNEL) {
        for (const wake of this.waiters.get(id) ?? []) wake();
        return;
      }
      const release = this.held.get(id);
      if (release) void release();
    });
  }

  /** Wakers of requests in this process waiting for a lock, by upload id. */
  private readonly waiters = new Map<string, Set<() => void>>();

  /**
   * Resolves when the lock of `id` is announced free, or after `ms`. A client sends its next
   * PATCH as soon as the previous one is answered, often before that request's lock is let go:
   * waiting a fixed 50 ms poll there cost 50 ms per chunk (a third of the upload time at 8 MiB).
   */
  waitForRelease(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, set);
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      set.add(wake);
    });
  }

  announceReleased(id: string): Promise<number> {
    return this.redis.publish(RELEASED_CHANNEL, id);
  }

  newLock(id: string): Lock {
    return new RedisLock(this, id);
  }

  requestRelease(id: string): Promise<number> {
    return this.redis.publish(RELEASE_CHANNEL, id);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    this.subscriber.disconnect();
  }
}

class RedisLock implements Lock {
  private readonly token = randomUUID();
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly locker: RedisLocker,
    private readonly id: string,
  ) {}

  private get key(): string {
    return KEY_PREFIX + this.id;
  }

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const deadline = Date.now() + this.locker.acquireTimeoutMs;
    let asked = false;
    while (!signal.aborted) {
      // Listen before trying: a release announced while the attempt is in flight still wakes us.
      const released = this.locker.waitForRelease(this.id, Math.min(this.locker.retryMs, Math.max(1, deadline - Date.now())));
      const acquired = await this.locker.redis.set(this.key, this.token, 'PX', this.locker.leaseMs, 'NX');
      if (acquired === 'OK') {
        this.locker.held.set(this.id, requestRelease);
        this.renewal = setInterval(() => {
          void this.locker.redis.eval(RENEW_SCRIPT, 1, this.key, this.token, String(this.locker.leaseMs)).catch(() => undefined);
        }, Math.floor(this.locker.leaseMs / 3));
        return;
      }
      if (!asked) {
        asked = true;
        await this.locker.requestRelease(this.id);
      }
      if (Date.now() > deadline) break;
      await released;
    }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- @tus/server's locker protocol: it answers this {status_code, body} object
    throw ERRORS.ERR_LOCK_TIMEOUT;
  }

  async unlock(): Promise<void> {
    clearInterval(this.renewal);
    this.locker.held.delete(this.id);
    const released = await this.locker.redis.eval(RELEASE_SCRIPT, 1, this.key, this.token);
    if (released === 1) await this.locker.announceReleased(this.id);
  }
}
