import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface SseMessage {
  event: string;
  data: string;
  id: string | null;
}

/** An appliance event is a few hundred bytes: a stream buffering this much without an event is broken. */
const MAX_BUFFER_CHARS = 1024 * 1024;

/**
 * text/event-stream, incrementally, by eventsource-parser (the WHATWG rules: LF, CRLF or CR line
 * ends split anywhere across chunks, comments, multi-line data, `id`, `retry`). This adapter only
 * turns its callbacks into the messages each chunk completed, with the browser's defaults: the
 * event type `message` when none was sent, and the last event id carried on.
 */
export class SseParser {
  private readonly parser: EventSourceParser;
  private completed: SseMessage[] = [];
  private lastEventId: string | null = null;
  private failure: Error | null = null;
  /** The server's `retry:` in ms, if it sent one. */
  retryMs: number | null = null;

  constructor() {
    this.parser = createParser({
      maxBufferSize: MAX_BUFFER_CHARS,
      // Called for every block with an id, before its event (if it has one): the id carries on.
      onId: (id) => (this.lastEventId = id),
      onEvent: (message) => {
        this.completed.push({ event: message.event ?? 'message', data: message.data, id: this.lastEventId });
      },
      onRetry: (ms) => (this.retryMs = ms),
      onError: (error) => {
        // Unknown fields and a bad `retry:` are ignored, as a browser does; only an oversized
        // buffer ends the stream (the caller reconnects).
        if (error.type === 'max-buffer-size-exceeded') this.failure = error;
      },
    });
  }

  /** Feeds a chunk; returns the messages it completed. Throws once the stream is unusable. */
  push(text: string): SseMessage[] {
    this.throwIfFailed();
    this.parser.feed(text);
    this.throwIfFailed(); // feeding may have set it, through the parser's error callback
    const out = this.completed;
    this.completed = [];
    return out;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
