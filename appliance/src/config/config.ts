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
/** A quota: a byte size, or 0 / "unlimited" for no limit (0 in the parsed config). */
const parseQuotaSize = (text: string) => (/^\s*(0|unlimited)\s*$/i.test(text) ? 0 : parseByteSize(text));
const quotaSize = parsedText(parseQuotaSize, 'a byte size like 500GiB, or 0 / unlimited');

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
  /** pretty: readable lines; json: one object per line; auto: pretty when stdout is a terminal. */
  BIBLIO_LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: (issue) => `"${String(issue.input)}" is not a log format: use json, pretty or auto (pretty on a terminal, json otherwise)` })
    .default('auto'),
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
  /** Which model files the `models` one-shot provisions (docker/provision-models.sh): all, none, or a list. */
  BIBLIO_MODELS: z
    .string()
    .regex(/^(all|none|(whisper|embeddings)(,(whisper|embeddings))*)$/, 'all, none, or a comma-separated list of whisper, embeddings')
    .default('all'),
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
  /** Uploads get 507 and stages wait below this much free space (default: 2 GiB or 5%, the smaller). */
  BIBLIO_MIN_FREE_BYTES: optionalText.pipe(z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const bytes = parseByteSize(v);
    if (bytes === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a byte size like 2GiB or 500MB` });
      return z.NEVER;
    }
    return bytes;
  }),
  /** The ordered shutdown exits by this deadline whatever hangs. */
  BIBLIO_SHUTDOWN_TIMEOUT: duration('20s'),
  BIBLIO_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
  /** The origin clients reach us at (https://media.example.com); used in Location and playback URLs. */
  BIBLIO_PUBLIC_URL: url(['http:', 'https:']).refine((v) => v === undefined || (!new URL(v).search && !new URL(v).hash && !new URL(v).username), {
    message: 'must be an absolute http(s) URL without query, fragment or credentials',
  }),
  /** Browser origins allowed to call the API (CORS), comma-separated; none by default. */
  BIBLIO_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const origins = text.split(',').map((o) => o.trim()).filter(Boolean);
      for (const origin of origins) {
        if (!URL.canParse(origin) || !['http:', 'https:'].includes(new URL(origin).protocol) || new URL(origin).origin !== origin) {
          ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://app.example.com (scheme://host[:port], no path)` });
          return z.NEVER;
        }
      }
      return origins;
    }),
  /** Failed logins from one source address within the window before it gets 429s. */
  BIBLIO_AUTH_MAX_FAILURES: z.coerce.number().int().min(1).default(20),
  BIBLIO_AUTH_FAILURE_WINDOW: duration('1m'),
  /** Default per-user quotas (admin CLI set-quota overrides them per user); 0 = unlimited. */
  BIBLIO_QUOTA_STORED_BYTES: quotaSize('0'),
  /** Unset: twice BIBLIO_MAX_UPLOAD_BYTES. */
  BIBLIO_QUOTA_PENDING_BYTES: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return undefined;
      const bytes = parseQuotaSize(text);
      if (bytes === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a byte size like 500GiB, or 0 / unlimited` });
        return z.NEVER;
      }
      return bytes;
    }),
  BIBLIO_QUOTA_PENDING_UPLOADS: z.coerce.number().int().min(0).default(20),
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
    logFormat: env.BIBLIO_LOG_FORMAT,
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
    shutdownTimeoutMs: env.BIBLIO_SHUTDOWN_TIMEOUT,
    minFreeBytes: env.BIBLIO_MIN_FREE_BYTES,
    publicUrl: env.BIBLIO_PUBLIC_URL,
    corsOrigins: env.BIBLIO_CORS_ORIGINS,
    authFailures: { max: env.BIBLIO_AUTH_MAX_FAILURES, windowMs: env.BIBLIO_AUTH_FAILURE_WINDOW },
    // Unfinished uploads may reserve twice the largest single upload by default: one big file
    // plus room to restart it, without letting one user reserve the whole disk.
    quotaDefaults: {
      storedBytes: env.BIBLIO_QUOTA_STORED_BYTES || null,
      pendingBytes: env.BIBLIO_QUOTA_PENDING_BYTES === undefined ? 2 * env.BIBLIO_MAX_UPLOAD_BYTES : env.BIBLIO_QUOTA_PENDING_BYTES || null,
      pendingUploads: env.BIBLIO_QUOTA_PENDING_UPLOADS || null,
    },
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
