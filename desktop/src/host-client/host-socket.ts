import type { HostMessage, InvokeMessage } from '../host/protocol.js';

const LOST = 'The connection to the Biblio host was lost. Try again in a moment.';

interface Handlers {
  event(message: Extract<HostMessage, { type: 'event' }>): void;
  /** The socket is open again after a drop (not called for the first open). */
  reopened(): void;
}

/**
 * The page's WebSocket to the host: invocations answered by id, reconnection with backoff, and
 * a reload when the host restarted with a new secret (its old page can no longer connect).
 */
export class HostSocket {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private failures = 0;
  private everOpened = false;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private open!: Promise<void>;
  private markOpen!: () => void;
  private isOpen = false;

  constructor(
    private readonly url: () => URL,
    private readonly on: Handlers,
  ) {
    this.resetOpen();
  }

  /** Resolves once the socket is open; calls made while disconnected wait here. */
  whenOpen(): Promise<void> {
    return this.open;
  }

  /** Sends an invocation on the open socket; settles with the host's answer. */
  send(request: Omit<InvokeMessage, 'type' | 'id'>): Promise<unknown> {
    const id = this.nextId++;
    const message: InvokeMessage = { type: 'invoke', id, ...request };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket!.send(JSON.stringify(message));
    });
  }

  connect(): void {
    const socket = new WebSocket(this.url());
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.failures = 0;
      this.isOpen = true;
      this.markOpen();
      if (this.everOpened) this.on.reopened();
      this.everOpened = true;
    });
    socket.addEventListener('message', (message: MessageEvent<string>) => this.receive(message.data));
    socket.addEventListener('close', () => {
      if (!opened && this.everOpened) {
        // Refused although the host answers: it restarted with a new secret. Reload to get it.
        fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then(
          (response) => response.ok && location.reload(),
          () => undefined,
        );
      }
      // Calls made while disconnected wait on `open`; replace it only once it was resolved.
      if (this.isOpen) {
        this.isOpen = false;
        this.resetOpen();
      }
      for (const call of this.pending.values()) call.reject(new Error(LOST));
      this.pending.clear();
      this.failures += 1;
      setTimeout(() => this.connect(), Math.min(5000, 200 * 2 ** this.failures));
    });
  }

  private receive(text: string): void {
    let message: HostMessage;
    try {
      message = JSON.parse(text) as HostMessage;
    } catch {
      return;
    }
    if (message.type === 'event') {
      this.on.event(message);
      return;
    }
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    if (message.ok) call.resolve(message.value === null ? undefined : message.value);
    else call.reject(new Error(message.error));
  }

  private resetOpen(): void {
    this.open = new Promise((resolve) => (this.markOpen = resolve));
  }
}
