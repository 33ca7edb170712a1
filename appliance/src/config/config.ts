import path from 'node:path';
import { z } from 'zod';
import { parseByteSize, parseDuration } from '../domain/duration.js';

/** A text variable with a default, turned into a number by `parse`; `hint` shows valid values. */
const parsedText = (parse: (text: string) => number | undefined, hint: string) => (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const value = parse(text);
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not ${hint}` });
        return z.NEVER;
      }
      return value;
    });

const duration = parsedText(parseDuration, 'a duration like 90s, 30m, 24h or 14d');
const byteSize = parsedText(parseByteSize, 'a byte size like 53687091200 or 50GiB');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (protocols: string[]) =>
  optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && protocols.includes(new URL(v).protocol)),
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** Every environment variable the appliance reads, with its default. */
export const envSchema = z.object({
  BIBLIO_HOST: z.string().default('127.0.0.1'),
  BIBLIO_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  BIBLIO_DATA_DIR: z.string().default('./data'),
  BIBLIO_ADMIN_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  BIBLIO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  S3_ENDPOINT: url(['http:', 'https:']),
  S3_BUCKET: optionalText,
  S3_ACCESS_KEY: optionalText,
  S3_SECRET_KEY: optionalText,
  S3_REGION: z.string().default('us-east-1'),
  /** Where players reach the bucket, if not at S3_ENDPOINT (e.g. http://minio:9000 inside compose). */
  S3_PUBLIC_ENDPOINT: url(['http:', 'https:']),
  BIBLIO_MAX_UPLOAD_BYTES: byteSize('50GiB'),
  BIBLIO_UPLOAD_TTL: duration('24h'),
  BIBLIO_RETENTION: duration('14d'),
  BIBLIO_SWEEP_INTERVAL: duration('5m'),
  BIBLIO_STUCK_STAGE_AFTER: duration('30m'),
  BIBLIO_PLAYBACK_TTL: duration('1h'),
  BIBLIO_STT: z.enum(['auto', 'whisper', 'http', 'pocketsphinx']).default('auto'),
  BIBLIO_EMBEDDER: z.enum(['auto', 'transformers', 'http', 'hashing']).default('auto'),
  BIBLIO_MODELS_DIR: optionalText,
  BIBLIO_STT_URL: url(['http:', 'https:']),
  BIBLIO_STT_MODEL: optionalText,
  BIBLIO_STT_API_KEY: optionalText,
  BIBLIO_EMBED_URL: url(['http:', 'https:']),
  BIBLIO_EMBED_MODEL: optionalText,
  BIBLIO_EMBED_API_KEY: optionalText,
  BIBLIO_EMBED_RATE: z.coerce.number().positive().default(50),
  BIBLIO_TRANSCRIBE_WINDOW: duration('60s'),
  BIBLIO_ALERT_WEBHOOK: url(['http:', 'https:']),
  BIBLIO_BACKOFF_SCALE: z.coerce.number().positive().max(100).default(1),
  BIBLIO_TUS_LOCKER: z.enum(['auto', 'memory', 'redis']).default('auto'),
  BIBLIO_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});

export type AppConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  const dataDir = path.resolve(env.BIBLIO_DATA_DIR);
  const s3 =
    env.S3_ENDPOINT !== undefined
      ? {
          endpoint: env.S3_ENDPOINT,
          bucket: env.S3_BUCKET!,
          accessKey: env.S3_ACCESS_KEY!,
          secretKey: env.S3_SECRET_KEY!,
          region: env.S3_REGION,
          publicEndpoint: env.S3_PUBLIC_ENDPOINT,
        }
      : undefined;
  return {
    host: env.BIBLIO_HOST,
    port: env.BIBLIO_PORT,
    dataDir,
    adminToken: env.BIBLIO_ADMIN_TOKEN,
    logLevel: env.BIBLIO_LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    s3,
    maxUploadBytes: env.BIBLIO_MAX_UPLOAD_BYTES,
    uploadTtlMs: env.BIBLIO_UPLOAD_TTL,
    retentionMs: env.BIBLIO_RETENTION,
    sweepIntervalMs: env.BIBLIO_SWEEP_INTERVAL,
    stuckStageMs: env.BIBLIO_STUCK_STAGE_AFTER,
    stt: env.BIBLIO_STT,
    embedder: env.BIBLIO_EMBEDDER,
    modelsDir: path.resolve(env.BIBLIO_MODELS_DIR ?? path.join(dataDir, 'models')),
    sttHttp: { url: env.BIBLIO_STT_URL, model: env.BIBLIO_STT_MODEL, apiKey: env.BIBLIO_STT_API_KEY },
    embedHttp: { url: env.BIBLIO_EMBED_URL, model: env.BIBLIO_EMBED_MODEL, apiKey: env.BIBLIO_EMBED_API_KEY },
    embedRatePerSecond: env.BIBLIO_EMBED_RATE,
    transcribeWindowSec: env.BIBLIO_TRANSCRIBE_WINDOW / 1000,
    alertWebhook: env.BIBLIO_ALERT_WEBHOOK,
    backoffScale: env.BIBLIO_BACKOFF_SCALE,
    trustProxy: env.BIBLIO_TRUST_PROXY,
    tusLocker: env.BIBLIO_TUS_LOCKER,
    /** How long a signed playback URL stays valid (BIBLIO_PLAYBACK_TTL); at least 1 s. */
    playbackTtlSec: Math.max(1, Math.round(env.BIBLIO_PLAYBACK_TTL / 1000)),
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once at startup. A bad value throws a ConfigError naming each
 * offending variable, so the process fails fast instead of misbehaving later.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const s3Vars = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const;
  const setS3 = s3Vars.filter((name) => parsed.data[name] !== undefined);
  if (setS3.length > 0 && setS3.length < s3Vars.length) {
    throw new ConfigError(
      s3Vars
        .filter((name) => parsed.data[name] === undefined)
        .map((variable) => ({ variable, message: 'required when any S3_* variable is set' })),
    );
  }
  return toConfig(parsed.data);
}
