import type { IpcEvent, IpcEvents } from '@biblio/shared';

type Listener<E extends IpcEvent> = (payload: IpcEvents[E]) => void;

/** Typed fan-out of core events to the shell; one throwing listener cannot starve the others. */
export class CoreEvents {
  private readonly listeners = new Map<IpcEvent, Set<Listener<IpcEvent>>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<E extends IpcEvent>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<IpcEvent>);
    return () => set.delete(listener as Listener<IpcEvent>);
  }

  emit<E extends IpcEvent>(event: E, payload: IpcEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
