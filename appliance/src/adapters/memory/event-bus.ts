import type { MediaEvent } from '@biblio/shared';
import type { EventBus, EventListener } from '../../ports/event-bus.js';

/** Per-owner events in one process; keeps every published event so tests can assert on them. */
export class MemoryEventBus implements EventBus {
  readonly published: { ownerId: string; event: MediaEvent }[] = [];
  private readonly listeners = new Map<string, Set<EventListener>>();

  publish(ownerId: string, event: MediaEvent): void {
    this.published.push({ ownerId, event });
    for (const listener of this.listeners.get(ownerId) ?? []) listener(event);
  }

  subscribe(ownerId: string, listener: EventListener): () => void {
    let set = this.listeners.get(ownerId);
    if (!set) this.listeners.set(ownerId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
