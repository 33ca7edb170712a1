/**
 * How a tool run (ffprobe, ffmpeg, an STT engine) ended, and what its failure means.
 *
 * A stage may REJECT a file (a verdict that is final and leads to its purge) only when the tool
 * ran to completion and said the file is bad. Anything else — a signal (Ctrl-C reaches every
 * process of the group), a timeout or shutdown abort, a missing binary, a crash, an I/O error of
 * the store, a full disk — says nothing about the file: the stage is retried instead.
 */
export interface ToolExit {
  tool: string;
  /** Exit code, or null when the process ended by a signal or never started. */
  code: number | null;
  /** The signal that ended the process (SIGTERM, SIGKILL...), if any. */
  signal: string | null;
  /** The tail of stderr. */
  stderr: string;
  /** We aborted it (stage timeout or shutdown). */
  aborted: boolean;
  /** The process could not be started (ENOENT, EAGAIN...). */
  spawnError?: string;
}

export type ToolFailureKind = 'about-the-file' | 'interrupted' | 'environment';

/** FFmpeg traps SIGINT/SIGTERM and exits 255 saying so: an interruption, not a verdict. */
const INTERRUPTED = /received signal \d+|Immediate exit requested|Exiting normally, received signal/i;

/** Failures of this machine or of the store the input is read from, never of the file. */
const ENVIRONMENT = new RegExp(
  [
    'No space left on device',
    'Disk quota exceeded',
    'Input/output error',
    'Cannot allocate memory',
    'Resource temporarily unavailable',
    'Too many open files',
    'Stale file handle',
    'Permission denied',
    'Read-only file system',
    'Connection (?:refused|reset|timed out)',
    'Network is unreachable',
    'Server returned \\d',
    'HTTP error \\d',
    'Failed to resolve hostname',
    'Operation timed out',
  ].join('|'),
  'i',
);

/** Shell convention: 128 + N is "killed by signal N" when a wrapper reports it as an exit code. */
const SIGNAL_EXIT_BASE = 128;

export function classifyToolExit(exit: ToolExit): ToolFailureKind {
  if (exit.aborted || exit.signal !== null) return 'interrupted';
  if (exit.spawnError !== undefined || exit.code === null) return 'environment';
  if (INTERRUPTED.test(exit.stderr)) return 'interrupted';
  if (ENVIRONMENT.test(exit.stderr)) return 'environment';
  // ffmpeg/ffprobe use 255 only after a signal; 129-254 are signal deaths reported by wrappers.
  if (exit.code === 255 || (exit.code > SIGNAL_EXIT_BASE && exit.code < 255)) return 'interrupted';
  return 'about-the-file';
}

/** A tool run that did not succeed; `aboutTheFile` says whether its failure is a verdict on the input. */
export class ToolFailedError extends Error {
  readonly kind: ToolFailureKind;

  constructor(readonly exit: ToolExit) {
    super(describeExit(exit));
    this.name = 'ToolFailedError';
    this.kind = classifyToolExit(exit);
  }

  get aboutTheFile(): boolean {
    return this.kind === 'about-the-file';
  }
}

function describeExit(exit: ToolExit): string {
  const how = exit.aborted
    ? 'aborted'
    : exit.spawnError !== undefined
      ? `could not start: ${exit.spawnError}`
      : exit.signal !== null
        ? `killed by ${exit.signal}`
        : `exit ${exit.code}`;
  const detail = exit.stderr.trim().split('\n').slice(-3).join(' | ');
  return `${exit.tool} failed (${how}): ${detail || 'no error output'}`;
}

/** True only for an error that is a completed tool's verdict about the input file. */
export function isVerdictAboutFile(error: unknown): error is ToolFailedError {
  return error instanceof ToolFailedError && error.aboutTheFile;
}
