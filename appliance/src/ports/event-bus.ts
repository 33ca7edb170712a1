import type { MediaEvent } from '@biblio/shared';

export type EventListener = (event: MediaEvent) => void;

/** Per-owner change notifications (media and stage updates) fanned out to SSE clients. */
export interface EventBus {
  publish(ownerId: string, event: MediaEvent): void;
  subscribe(ownerId: string, listener: EventListener): () => void;
  close(): Promise<void>;
}
