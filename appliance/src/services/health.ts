import type { ComponentHealth, Health } from '@biblio/shared';

export interface HealthCheck {
  name: string;
  engine: string;
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 3_000;

/** Runs every component check in parallel, each with a timeout; one failure makes the whole 'down'. */
export async function checkHealth(checks: readonly HealthCheck[], version: string): Promise<Health> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, ComponentHealth]> => {
      try {
        await withTimeout(c.check(), CHECK_TIMEOUT_MS, `${c.name} did not answer within ${CHECK_TIMEOUT_MS} ms`);
        return [c.name, { status: 'ok', engine: c.engine }];
      } catch (error) {
        return [c.name, { status: 'down', engine: c.engine, detail: (error as Error).message }];
      }
    }),
  );
  const components = Object.fromEntries(results);
  const status = results.every(([, r]) => r.status === 'ok') ? 'ok' : 'down';
  return { status, version, components };
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
