import type { IpcArgs, IpcChannel, IpcEvent, IpcEvents, IpcResults } from '@biblio/shared';
import type { DesktopCore } from '../../src/core/api.js';

/** A DesktopCore double that records calls and lets a test push events, for protocol-level tests. */
export class FakeCore implements DesktopCore {
  readonly calls: { channel: IpcChannel; args: unknown }[] = [];
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  async invoke<C extends IpcChannel>(channel: C, args: IpcArgs<C>): Promise<IpcResults[C]> {
    this.calls.push({ channel, args });
    const answers: Partial<{ [K in IpcChannel]: IpcResults[K] }> = {
      'app:info': { version: '9.9.9', platform: 'linux', shell: 'browser' },
      'queue:list': [],
      'connection:get': { state: 'unpaired' },
      'queue:pause': undefined,
    };
    if (channel in answers) return answers[channel] as IpcResults[C];
    throw new Error(`fake core cannot ${channel}`);
  }

  on<E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit<E extends IpcEvent>(event: E, payload: IpcEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: IpcEvents[E]) => void)(payload);
  }

  listenerCount(event: IpcEvent): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  async close(): Promise<void> {}
}
