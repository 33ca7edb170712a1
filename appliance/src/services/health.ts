import type { ComponentHealth, Health } from '@biblio/shared';

export interface HealthCheck {
  name: string;
  engine: string;
  /** Shown with the component (speech-to-text: the languages it transcribes). */
  languages?: readonly string[];
  /** Throws when the component is down; returns `{ degraded }` when it works but needs attention. */
  check(): Promise<void | { degraded: string }>;
}

const CHECK_TIMEOUT_MS = 3_000;

/**
 * Runs every component check in parallel, each with a timeout; one failure makes the whole
 * 'down' (503), a degraded component makes it 'degraded' (still 200: the appliance serves).
 */
export async function checkHealth(checks: readonly HealthCheck[], version: string): Promise<Health> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, ComponentHealth]> => {
      try {
        const result = await withTimeout(c.check(), CHECK_TIMEOUT_MS, `${c.name} did not answer within ${CHECK_TIMEOUT_MS} ms`);
        const languages = c.languages ? { languages: [...c.languages] } : {};
        if (result && 'degraded' in result) return [c.name, { status: 'degraded', engine: c.engine, detail: result.degraded, ...languages }];
        return [c.name, { status: 'ok', engine: c.engine, ...languages }];
      } catch (error) {
        return [c.name, { status: 'down', engine: c.engine, detail: (error as Error).message }];
      }
    }),
  );
  const components = Object.fromEntries(results);
  const status = results.some(([, r]) => r.status === 'down') ? 'down' : results.some(([, r]) => r.status === 'degraded') ? 'degraded' : 'ok';
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
