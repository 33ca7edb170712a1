/**
 * When to ask the appliance while someone types: after a pause (debounce), never while an IME
 * is composing (a Korean syllable passes through several half-built states: ㄱ, 가, 강 — each
 * would be a wasted request), once when the composition ends, and only the newest answer counts.
 * Pure and timer-injectable so the rules are unit-tested without a DOM.
 */

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface TypeaheadOptions {
  /** Asks for `query`; `ticket` identifies this request for isCurrent(). */
  request(query: string, ticket: number): void;
  /** The box became empty (or too short): show nothing. */
  clear(): void;
  delayMs: number;
  /** Shorter (trimmed) texts clear instead of asking. */
  minLength?: number;
  timers?: Timers;
}

export class Typeahead {
  private composing = false;
  private pending: unknown = null;
  private ticket = 0;
  /** The query of the newest request, so a repeat of the same text asks nothing new. */
  private asked: string | null = null;
  private readonly timers: Timers;

  constructor(private readonly options: TypeaheadOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** The text changed. `composing`: the event's `isComposing` (an IME is mid-syllable). */
  input(text: string, composing = false): void {
    if (composing || this.composing) {
      // Half-built syllables: wait for compositionend, and drop any request already waiting.
      this.cancelPending();
      return;
    }
    this.schedule(text);
  }

  compositionStart(): void {
    this.composing = true;
    this.cancelPending();
  }

  /** The IME committed `text` (the whole box value): one request for it, after the usual pause. */
  compositionEnd(text: string): void {
    this.composing = false;
    this.schedule(text);
  }

  /** Enter: ask now for `text`, even if it was asked before (the user wants an answer). */
  submit(text: string): void {
    this.cancelPending();
    this.asked = null;
    this.fire(text);
  }

  /** Whether an answer to `ticket` is still wanted (nothing newer was asked or cleared since). */
  isCurrent(ticket: number): boolean {
    return ticket === this.ticket;
  }

  /** Forget everything outstanding (unmount): late answers are not current any more. */
  dispose(): void {
    this.cancelPending();
    this.ticket++;
  }

  private schedule(text: string): void {
    this.cancelPending();
    const query = text.trim();
    if (query.length < (this.options.minLength ?? 1)) {
      // Clearing is immediate: old results must not linger while a timer runs.
      this.fire(text);
      return;
    }
    if (query === this.asked) return;
    this.pending = this.timers.set(() => {
      this.pending = null;
      this.fire(text);
    }, this.options.delayMs);
  }

  private fire(text: string): void {
    const query = text.trim();
    this.ticket++;
    if (query.length < (this.options.minLength ?? 1)) {
      this.asked = null;
      this.options.clear();
      return;
    }
    this.asked = query;
    this.options.request(query, this.ticket);
  }

  private cancelPending(): void {
    if (this.pending !== null) this.timers.clear(this.pending);
    this.pending = null;
  }
}
