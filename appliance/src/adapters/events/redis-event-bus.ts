import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { MediaEvent } from '@biblio/shared';
import type { EventBus, EventListener } from '../../ports/event-bus.js';
import { redisOptions } from '../queue/redis-options.js';

const CHANNEL = 'biblio:events';

interface Envelope {
  origin: string;
  ownerId: string;
  event: MediaEvent;
}

/**
 * Local listeners are told at once; other processes (api replicas, workers) hear it through
 * Redis pub/sub. Events are notifications, not the record: a client that misses one while
 * Redis is down still sees the current state on its next GET.
 */
export class RedisEventBus implements EventBus {
  private readonly origin = randomUUID();
  private readonly local = new EventEmitter();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(url: string, onError: (error: Error) => void) {
    this.local.setMaxListeners(0);
    this.publisher = new Redis(redisOptions(url, 'producer'));
    this.subscriber = new Redis(redisOptions(url, 'worker'));
    this.publisher.on('error', onError);
    this.subscriber.on('error', onError);
    void this.subscriber.subscribe(CHANNEL).catch(onError);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const envelope = JSON.parse(message) as Envelope;
      if (envelope.origin !== this.origin) this.local.emit(envelope.ownerId, envelope.event);
    });
  }

  publish(ownerId: string, event: MediaEvent): void {
    this.local.emit(ownerId, event);
    const envelope: Envelope = { origin: this.origin, ownerId, event };
    this.publisher.publish(CHANNEL, JSON.stringify(envelope)).catch(() => {
      // Redis down: remote listeners miss a notification; state stays queryable in the DB.
    });
  }

  subscribe(ownerId: string, listener: EventListener): () => void {
    this.local.on(ownerId, listener);
    return () => this.local.off(ownerId, listener);
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
