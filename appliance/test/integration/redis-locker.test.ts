import { ERRORS } from '@tus/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisLocker } from '../../src/adapters/tus/redis-locker.js';
import { TestRedis } from './harness/redis-server.js';

/**
 * The tus locker api replicas share. A client sends its next PATCH as soon as the previous one
 * is answered, often before that request has let go of its lock: the waiter must get the lock
 * when it is released, not at its next poll (50 ms per chunk before).
 */
describe('RedisLocker on a real redis', () => {
  let redis: TestRedis;
  const lockers: RedisLocker[] = [];
  const locker = (options: ConstructorParameters<typeof RedisLocker>[1] = {}) => {
    const made = new RedisLocker(redis.url, options);
    lockers.push(made);
    return made;
  };

  beforeAll(async () => {
    redis = await TestRedis.create();
    await redis.start();
  });
  afterAll(async () => {
    for (const l of lockers) await l.close();
    await redis?.stop();
  });

  it('hands a released lock to a waiter on another replica at once, not at its next poll', async () => {
    // A poll this long would fail the test's own timeout: only the release announcement can wake it.
    const first = locker({ retryMs: 60_000, acquireTimeoutMs: 60_000 });
    const second = locker({ retryMs: 60_000, acquireTimeoutMs: 60_000 });
    const held = first.newLock('upload-a');
    await held.lock(new AbortController().signal, async () => undefined);
    const waiting = second.newLock('upload-a').lock(new AbortController().signal, async () => undefined);
    let acquired = false;
    void waiting.then(() => (acquired = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(acquired).toBe(false);
    await held.unlock();
    await waiting;
    expect(acquired).toBe(true);
  }, 10_000);

  it('asks the holder to let go, and a request that waits too long gets the tus lock timeout', async () => {
    const first = locker();
    const second = locker({ acquireTimeoutMs: 300 });
    let asked = 0;
    await first.newLock('upload-b').lock(new AbortController().signal, async () => void asked++);
    await expect(second.newLock('upload-b').lock(new AbortController().signal, async () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(asked).toBe(1);
  });
});
