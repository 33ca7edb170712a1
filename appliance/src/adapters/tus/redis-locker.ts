import { randomUUID } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import { Redis } from 'ioredis';
import { redisOptions } from '../queue/redis-options.js';

const KEY_PREFIX = 'biblio:tus:lock:';
const RELEASE_CHANNEL = 'biblio:tus:release';

/** Deletes or extends the key only while it still holds our token (never someone else's lock). */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export interface RedisLockerOptions {
  /** A lease: a crashed holder's lock frees itself after this. Renewed at a third of it. */
  leaseMs?: number;
  /** How long a request waits for a held lock before giving up (answered as 423 Locked). */
  acquireTimeoutMs?: number;
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

  constructor(url: string, options: RedisLockerOptions = {}) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 5_000;
    this.redis = new Redis(redisOptions(url, 'worker'));
    this.subscriber = new Redis(redisOptions(url, 'worker'));
    this.redis.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    void this.subscriber.subscribe(RELEASE_CHANNEL);
    this.subscriber.on('message', (_channel: string, id: string) => {
      const release = this.held.get(id);
      if (release) void release();
    });
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
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- @tus/server's locker protocol: it answers this {status_code, body} object
    throw ERRORS.ERR_LOCK_TIMEOUT;
  }

  async unlock(): Promise<void> {
    clearInterval(this.renewal);
    this.locker.held.delete(this.id);
    await this.locker.redis.eval(RELEASE_SCRIPT, 1, this.key, this.token);
  }
}
