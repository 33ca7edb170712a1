import pino, { type Logger } from 'pino';

/** JSON logs (pino) to stdout; tokens never reach them: the Authorization header is redacted. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: ['req.headers.authorization', '*.authorization', '*.token'],
  });
}
