import pino, { type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { currentLogContext } from '../services/log-context.js';

export type LogFormat = 'json' | 'pretty';

/**
 * BIBLIO_LOG_FORMAT `auto` (the default): readable lines for a person at a terminal, one JSON
 * object per line for everything else (log collectors, `docker logs`, the tests' parsers).
 */
export function chooseLogFormat(setting: 'auto' | LogFormat, stdoutIsTerminal: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

/**
 * Once the appliance is stopping, a log line that stdout cannot take at once is dropped instead
 * of retried. Logs are written synchronously (every line is out before the next statement); when
 * the reader of a pipe stops reading and dies (a launcher killed mid-shutdown), the retry of a
 * full pipe, and pino's flush at process.exit, would otherwise wait for ever: measured as a
 * shutdown that never ended, its deadline timer starved by the blocked thread. Losing the last
 * lines is the lesser harm; while running, a slow reader still gets every line (back-pressure).
 */
let dropUnwritableLines = false;
export function stopWaitingForLogReaders(): void {
  dropUnwritableLines = true;
}

/** stdout as pino's synchronous destination, with the give-up rule above. */
function stdoutDestination() {
  const destination = pino.destination({ dest: 1, sync: true, retryEAGAIN: () => !dropUnwritableLines });
  // A dead reader makes writes fail (EPIPE): there is nowhere left to report that.
  destination.on('error', () => undefined);
  return destination;
}

/** Logs (pino) to stdout; tokens never reach them: the Authorization header is redacted. */
export function createLogger(options: { level: string; name: string; format: LogFormat }): Logger {
  const settings: LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: ['req.headers.authorization', '*.authorization', '*.token'],
    // The request id and media id of whatever is running, on every line.
    mixin: () => currentLogContext(),
  };
  if (options.format === 'json') return pino(settings, stdoutDestination());
  // pino-pretty as a stream in this thread, not as a transport: a transport's worker thread
  // can keep the process alive or drop the last lines when the shutdown calls process.exit.
  // `sync`: every line is on the terminal before the next statement runs, as with JSON.
  // Colours follow the terminal (FORCE_COLOR / NO_COLOR are honoured).
  return pino(
    settings,
    pretty({ destination: stdoutDestination(), singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' }),
  );
}
