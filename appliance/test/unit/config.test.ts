import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: path.resolve('./data'),
      maxUploadBytes: 50 * 1024 ** 3,
      uploadTtlMs: 24 * 3600_000,
      retentionMs: 14 * 24 * 3600_000,
      stt: 'auto',
      embedder: 'auto',
      databaseUrl: undefined,
      redisUrl: undefined,
      s3: undefined,
    });
  });

  it('names the variable and the reason for a bad value', () => {
    expect(problemsOf({ BIBLIO_PORT: 'eighty' })[0]?.variable).toBe('BIBLIO_PORT');
    const ttl = problemsOf({ BIBLIO_UPLOAD_TTL: 'forever' })[0]!;
    expect(ttl.variable).toBe('BIBLIO_UPLOAD_TTL');
    expect(ttl.message).toContain('forever');
    expect(problemsOf({ REDIS_URL: 'http://x' })[0]?.variable).toBe('REDIS_URL');
    expect(problemsOf({ BIBLIO_STT: 'magic' })[0]?.variable).toBe('BIBLIO_STT');
  });

  it('takes a log format of json, pretty or auto (the default), and explains a wrong one', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ BIBLIO_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    const [problem] = problemsOf({ BIBLIO_LOG_FORMAT: 'text' });
    expect(problem?.variable).toBe('BIBLIO_LOG_FORMAT');
    expect(problem?.message).toBe('"text" is not a log format: use json, pretty or auto (pretty on a terminal, json otherwise)');
  });

  it('reports every bad variable at once', () => {
    const vars = problemsOf({ BIBLIO_PORT: '99999', DATABASE_URL: 'mysql://x' }).map((p) => p.variable);
    expect(vars.sort()).toEqual(['BIBLIO_PORT', 'DATABASE_URL']);
  });

  it('needs the whole S3 group once any of it is set', () => {
    const missing = problemsOf({ S3_ENDPOINT: 'http://127.0.0.1:7480' }).map((p) => p.variable);
    expect(missing.sort()).toEqual(['S3_ACCESS_KEY', 'S3_BUCKET', 'S3_SECRET_KEY']);
    const config = loadConfig({
      S3_ENDPOINT: 'http://127.0.0.1:7480',
      S3_BUCKET: 'b',
      S3_ACCESS_KEY: 'k',
      S3_SECRET_KEY: 's',
    });
    expect(config.s3).toEqual({ endpoint: 'http://127.0.0.1:7480', bucket: 'b', accessKey: 'k', secretKey: 's', region: 'us-east-1' });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: ' ' }).databaseUrl).toBeUndefined();
  });

  it('refuses a short admin token', () => {
    expect(problemsOf({ BIBLIO_ADMIN_TOKEN: 'short' })[0]?.variable).toBe('BIBLIO_ADMIN_TOKEN');
  });
});
