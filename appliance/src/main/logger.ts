import pino, { type Logger } from 'pino';
import { currentLogContext } from '../services/log-context.js';

/** JSON logs (pino) to stdout; tokens never reach them: the Authorization header is redacted. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: ['req.headers.authorization', '*.authorization', '*.token'],
    // The request id and media id of whatever is running, on every line.
    mixin: () => currentLogContext(),
  });
}
