/** JSON over HTTP with a bearer token, as every API client of the appliance speaks it. */
export async function api(base: string, token: string | undefined, route: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  const res = await fetch(`${base}${route}`, { ...init, headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as any };
}

/** The appliance's media with this filename, as its owner lists them. */
export async function mediaNamed(base: string, token: string, filename: string): Promise<{ id: string; filename: string; status: string }[]> {
  const list = (await api(base, token, '/api/media')).json.media as { id: string; filename: string; status: string }[];
  return list.filter((m) => m.filename === filename);
}

/**
 * Polls `probe` until it returns something other than undefined or false, and returns that.
 * A probe that throws is retried (the server may be restarting); the last error is reported
 * if time runs out.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`);
}
