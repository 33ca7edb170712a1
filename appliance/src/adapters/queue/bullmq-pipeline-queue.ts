import { FlowProducer, type FlowJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { StageJob } from '@biblio/shared';
import { validateFlow } from '../../pipeline/flows.js';
import type { PipelineQueue } from '../../ports/pipeline-queue.js';
import { redisOptions } from './redis-options.js';

/**
 * Publishes pipeline flows to BullMQ. The connection fails fast while Redis is down, so the
 * outbox relay sees the error and keeps the message for a later attempt instead of hanging.
 */
export class BullmqPipelineQueue implements PipelineQueue {
  private readonly connection: Redis;
  private readonly flows: FlowProducer;

  constructor(url: string, onError: (error: Error) => void) {
    this.connection = new Redis(redisOptions(url, 'producer'));
    this.connection.on('error', onError);
    this.flows = new FlowProducer({ connection: this.connection });
    this.flows.on('error', onError);
  }

  async publishPipeline(job: StageJob): Promise<void> {
    // A job id that already exists makes BullMQ skip the add: publishing twice is harmless.
    await this.flows.add(validateFlow(job) as FlowJob);
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await this.flows.close();
    this.connection.disconnect();
  }
}
