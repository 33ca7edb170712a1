import type { QueueItem } from '@biblio/shared';

/** How the CLI shows what happens: JSON lines, a redrawn progress display, or plain log lines. */
export interface Reporter {
  update(items: QueueItem[]): void;
  event(event: Record<string, unknown> & { event: string }): void;
  finish(): void;
}

const TERMINAL = new Set(['done', 'error', 'cancelled', 'duplicate', 'refused']);

/** Turns item snapshots into discrete events (state changes, notes) plus throttled progress. */
class Tracker {
  private readonly last = new Map<string, QueueItem>();

  constructor(private readonly out: (event: Record<string, unknown> & { event: string }) => void) {}

  update(items: QueueItem[]): void {
    for (const item of items) {
      const before = this.last.get(item.id);
      this.last.set(item.id, item);
      const base = { id: item.id, file: item.path };
      if (before?.state !== item.state) {
        if (item.state === 'done') this.out({ event: 'done', ...base, mediaId: item.mediaId, size: item.size });
        else if (item.state === 'error') this.out({ event: 'error', ...base, error: item.error });
        else if (item.state === 'cancelled') this.out({ event: 'cancelled', ...base, error: item.error });
        else if (item.state === 'duplicate') this.out({ event: 'duplicate', ...base, mediaId: item.duplicateOf?.mediaId ?? null });
        else if (item.state === 'refused') this.out({ event: 'refused', ...base, reason: item.error });
        else if (item.state === 'retrying') this.out({ event: 'retrying', ...base, attempt: item.attempt, reason: item.error });
        else this.out({ event: item.state, ...base, size: item.size });
      } else if (item.state === 'uploading' && before.uploadedBytes !== item.uploadedBytes) {
        this.out({ event: 'progress', ...base, uploadedBytes: item.uploadedBytes, size: item.size, speedBps: item.speedBps, etaSec: item.etaSec });
      }
      if (item.error && item.error !== before?.error && !TERMINAL.has(item.state) && item.state !== 'retrying') {
        this.out({ event: 'note', ...base, message: item.error });
      }
    }
  }
}

export function jsonReporter(write: (line: string) => void): Reporter {
  const emit = (event: Record<string, unknown> & { event: string }) => write(`${JSON.stringify(event)}\n`);
  const tracker = new Tracker(emit);
  return { update: (items) => tracker.update(items), event: emit, finish: () => undefined };
}

/** Plain lines for logs and pipes: state changes and every 25% of progress. */
export function plainReporter(write: (line: string) => void): Reporter {
  const quarter = new Map<string, number>();
  const tracker = new Tracker((e) => {
    const name = typeof e['file'] === 'string' ? e['file'] : '';
    if (e.event === 'progress') {
      const pct = Math.floor(((e['uploadedBytes'] as number) / Math.max(1, e['size'] as number)) * 4);
      if (pct <= (quarter.get(name) ?? 0)) return;
      quarter.set(name, pct);
      write(`${name}: ${pct * 25}% (${formatBytes(e['uploadedBytes'] as number)} of ${formatBytes(e['size'] as number)})\n`);
    } else write(describe(e));
  });
  return { update: (items) => tracker.update(items), event: (e) => write(describe(e)), finish: () => undefined };
}

function describe(e: Record<string, unknown> & { event: string }): string {
  const name = typeof e['file'] === 'string' ? e['file'] : '';
  switch (e.event) {
    case 'done':
      return `${name}: uploaded (media ${String(e['mediaId'])})\n`;
    case 'error':
      return `${name}: failed: ${String(e['error'])}\n`;
    case 'duplicate':
      return `${name}: already in library: ${String(e['mediaId'])}\n`;
    case 'refused':
      return `${name}: refused: ${String(e['reason'])}\n`;
    case 'retrying':
      return `${name}: retrying (attempt ${String(e['attempt'])}): ${String(e['reason'])}\n`;
    case 'resumed':
      return `${name}: resuming at ${formatBytes(e['offset'] as number)} (where the appliance stopped receiving it)\n`;
    case 'note':
      return `${name}: ${String(e['message'])}\n`;
    case 'validated':
      return `${name}: validated by the appliance\n`;
    case 'rejected':
    case 'failed':
    case 'undecided':
      return `${name}: ${e.event}: ${String(e['reason'])}\n`;
    case 'summary':
      return `${String(e['uploaded'])} uploaded, ${String(e['failed'])} failed${typeof e['alreadyInLibrary'] === 'number' ? `, ${e['alreadyInLibrary']} already in library` : ''}${typeof e['refused'] === 'number' ? `, ${e['refused']} refused` : ''}${typeof e['rejected'] === 'number' ? `, ${e['rejected']} rejected` : ''}\n`;
    default:
      return name ? `${name}: ${e.event}\n` : `${e.event}\n`;
  }
}

/** A live display on a TTY: one line per file, redrawn in place at most 10 times a second. */
export function ttyReporter(write: (text: string) => void, columns: () => number): Reporter {
  let items: QueueItem[] = [];
  let drawn = 0;
  let timer: NodeJS.Timeout | null = null;
  const notes: string[] = [];
  const draw = () => {
    timer = null;
    const width = Math.max(40, columns());
    let text = drawn > 0 ? `\x1b[${drawn}F` : '';
    for (const note of notes.splice(0)) text += `\x1b[2K${note.slice(0, width - 1)}\n`;
    for (const item of items) text += `\x1b[2K${progressLine(item, width)}\n`;
    drawn = items.length;
    write(text);
  };
  const schedule = () => (timer ??= setTimeout(draw, 100));
  const tracker = new Tracker((e) => {
    if (['note', 'error', 'retrying', 'duplicate', 'refused'].includes(e.event)) notes.push(describe(e).trimEnd());
  });
  return {
    update: (next) => {
      items = next;
      tracker.update(next);
      schedule();
    },
    event: (e) => {
      notes.push(describe(e).trimEnd());
      schedule();
    },
    finish: () => {
      if (timer) clearTimeout(timer);
      draw();
    },
  };
}

/**
 * One file's line: name, bar, percent, state, then speed and ETA while they fit. Columns have
 * fixed widths so lines align; narrow terminals drop the extras before the state.
 */
export function progressLine(item: QueueItem, width: number): string {
  const pct = item.size > 0 ? item.uploadedBytes / item.size : item.state === 'done' ? 1 : 0;
  const barWidth = width >= 100 ? 30 : width >= 70 ? 20 : 10;
  const filled = Math.round(pct * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  let tail = `${(pct * 100).toFixed(0).padStart(4)}%  ${item.state.padEnd(9)}`;
  const extras = item.state === 'uploading' ? [item.speedBps > 0 ? `${formatBytes(item.speedBps)}/s` : '', item.etaSec !== null ? `ETA ${formatDuration(item.etaSec)}` : ''] : [];
  const nameWidth = Math.min(40, Math.max(8, width - bar.length - tail.length - 26));
  for (const extra of extras.filter(Boolean)) {
    if (nameWidth + bar.length + tail.length + extra.length + 4 < width) tail += `  ${extra.padEnd(11)}`;
  }
  const name = item.name.length > nameWidth ? `${item.name.slice(0, nameWidth - 1)}…` : item.name.padEnd(nameWidth);
  return `${name} ${bar}${tail}`.trimEnd().slice(0, width - 1);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}
