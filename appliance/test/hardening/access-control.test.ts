import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type ApplianceProcess, encodeMetadata, rawRequest, type RawResponse, runAdmin, startAppliance } from '@biblio/test-support';
import { tally } from './tally.js';

/**
 * Every route x every kind of caller. A leak is a caller getting data or a success it must not
 * have; another owner's media must look absent (404), never forbidden (403).
 */

type Caller = 'none' | 'malformed' | 'revoked' | 'other' | 'user' | 'admin';
interface Route {
  method: string;
  path: (id: string) => string;
  adminOnly?: boolean;
  /** Touches one media id (alice's): other owners must get 404. */
  media?: boolean;
  headers?: Record<string, string>;
  body?: string;
}

const tusHeaders = { 'Tus-Resumable': '1.0.0' };
const ROUTES: Route[] = [
  { method: 'GET', path: () => '/api/me' },
  { method: 'GET', path: () => '/api/media' },
  { method: 'GET', path: (id) => `/api/media/${id}`, media: true },
  { method: 'GET', path: () => `/api/media?sha256=${'0'.repeat(64)}&q=secret` },
  { method: 'PATCH', path: (id) => `/api/media/${id}`, media: true, body: '{"title":"renamed by someone"}' },
  { method: 'GET', path: (id) => `/api/media/${id}/original`, media: true, headers: { Range: 'bytes=0-1' } },
  { method: 'GET', path: (id) => `/api/media/${id}/sprite.jpg`, media: true },
  { method: 'DELETE', path: (id) => `/api/media/${id}`, media: true },
  { method: 'POST', path: (id) => `/api/media/${id}/retry`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/playback`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/thumbnail.jpg`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/transcript.json`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/transcript.vtt`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/transcript.srt`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/transcript.txt`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/transcript.srt?version=1`, media: true },
  { method: 'PUT', path: (id) => `/api/media/${id}/transcript`, media: true, headers: { 'Content-Type': 'application/x-subrip' }, body: '1\n00:00:00,000 --> 00:00:01,000\nsomeone else\n' },
  { method: 'PATCH', path: (id) => `/api/media/${id}/transcript/segments/0`, media: true, headers: { 'Content-Type': 'application/json' }, body: '{"text":"x","version":0}' },
  { method: 'POST', path: (id) => `/api/media/${id}/transcript/segments/0/split`, media: true, body: '{"at":0.5,"version":0}' },
  { method: 'POST', path: (id) => `/api/media/${id}/transcript/segments/0/merge-next`, media: true, body: '{"version":0}' },
  { method: 'GET', path: (id) => `/api/media/${id}/transcript/versions`, media: true },
  { method: 'GET', path: (id) => `/api/media/${id}/transcript/versions/1`, media: true },
  { method: 'POST', path: (id) => `/api/media/${id}/transcript/versions/1/restore`, media: true, body: '{}' },
  { method: 'GET', path: (id) => `/api/media/${id}/speakers`, media: true },
  { method: 'PATCH', path: (id) => `/api/media/${id}/speakers`, media: true, body: '{"speakers":[{"id":"S1","name":"Mallory"}],"version":0}' },
  { method: 'GET', path: () => '/api/search?q=secret&speaker=alice' },
  { method: 'POST', path: (id) => `/api/media/${id}/retranscribe?overwrite=true`, media: true },
  { method: 'GET', path: () => '/api/search?q=secret' },
  { method: 'GET', path: () => '/metrics', adminOnly: true },
  { method: 'GET', path: () => '/api/jobs/failed', adminOnly: true },
  {
    method: 'POST',
    path: () => '/files/',
    headers: { ...tusHeaders, 'Upload-Length': '5', 'Upload-Metadata': encodeMetadata({ filename: 'x.mp4', filetype: 'video/mp4' }) },
  },
  { method: 'HEAD', path: (id) => `/files/${id}`, media: true, headers: tusHeaders },
  { method: 'GET', path: (id) => `/files/${id}`, media: true, headers: tusHeaders },
  {
    method: 'PATCH',
    path: (id) => `/files/${id}`,
    media: true,
    headers: { ...tusHeaders, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0' },
    body: 'abc',
  },
  { method: 'DELETE', path: (id) => `/files/${id}`, media: true, headers: tusHeaders },
];

let app: ApplianceProcess;
const tokens: Record<string, string> = {};
let aliceMedia = '';

const lastLine = (text: string) => text.trim().split('\n').pop()!.trim();
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function createUser(a: ApplianceProcess, name: string): Promise<string> {
  const out = await runAdmin(a.dataDir, ['create-user', name], { BIBLIO_ADMIN_TOKEN: ADMIN_TOKEN });
  if (out.code !== 0) throw new Error(out.stderr);
  return lastLine(out.stdout);
}

async function upload(a: ApplianceProcess, token: string, length = 10): Promise<RawResponse & { id?: string }> {
  const res = await rawRequest(a.url, 'POST', '/files/', {
    ...bearer(token),
    ...tusHeaders,
    'Upload-Length': String(length),
    'Upload-Metadata': encodeMetadata({ filename: 'secret-talk.mp4', filetype: 'video/mp4' }),
  });
  return { ...res, id: res.headers['location']?.split('/').pop() };
}

function headersOf(caller: Caller): Record<string, string> {
  switch (caller) {
    case 'none':
      return {};
    case 'malformed':
      return { Authorization: 'Basic YWxpY2U6c2VjcmV0' };
    default:
      return bearer(tokens[caller]!);
  }
}

describe('access control', () => {
  beforeAll(async () => {
    app = await startAppliance({ env: { BIBLIO_AUTH_MAX_FAILURES: '100000' } });
    tokens['user'] = await createUser(app, 'alice');
    tokens['other'] = await createUser(app, 'bob');
    tokens['revoked'] = await createUser(app, 'carol');
    tokens['admin'] = ADMIN_TOKEN;
    expect((await runAdmin(app.dataDir, ['revoke-token', tokens['revoked']])).code).toBe(0);
    const created = await upload(app, tokens['user']);
    aliceMedia = created.id!;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('keeps every route behind its token, owners apart (404, never 403) and admin routes for admins', async () => {
    const leaks: string[] = [];
    let cells = 0;
    // The owner's own destructive calls run last, so every other caller sees the media exist.
    for (const caller of ['none', 'malformed', 'revoked', 'other', 'admin', 'user'] as Caller[]) {
      for (const route of ROUTES) {
        if (caller === 'user' && route.method === 'DELETE') continue;
        const res = await rawRequest(app.url, route.method, route.path(aliceMedia), { ...(route.headers ?? {}), ...headersOf(caller) }, route.body);
        cells += 1;
        const label = `${caller} ${route.method} ${route.path(aliceMedia)} -> ${res.status}`;
        const revealsMedia = res.body.includes(aliceMedia) || res.body.includes('secret-talk');
        if (res.status >= 500) leaks.push(`${label} (server error)`);
        if (caller === 'none' || caller === 'malformed' || caller === 'revoked') {
          if (res.status !== 401 || revealsMedia) leaks.push(label);
          if (!res.headers['content-type']?.startsWith('application/json') && route.method !== 'HEAD') leaks.push(`${label} (not JSON)`);
        } else if (caller === 'other' || (caller === 'admin' && route.media)) {
          // admin is just another owner for media: no peeking at alice's uploads either
          if (route.media && res.status !== 404) leaks.push(label);
          if (revealsMedia) leaks.push(`${label} (reveals alice's media)`);
          if (route.adminOnly && caller === 'other' && res.status !== 403) leaks.push(label);
        } else if (route.adminOnly && caller === 'user' && res.status !== 403) {
          leaks.push(label);
        }
        if (caller === 'admin' && route.adminOnly && res.status !== 200) leaks.push(`${label} (admin refused)`);
      }
    }
    // alice's media survived bob's and admin's DELETEs
    expect((await rawRequest(app.url, 'GET', `/api/media/${aliceMedia}`, bearer(tokens['user']!))).status).toBe(200);
    tally('authz', { cells, leaks: leaks.length });
    expect(leaks).toEqual([]);
  });

  it('closes an open event stream within seconds when its token is revoked', async () => {
    const issued = await runAdmin(app.dataDir, ['issue-token', 'alice']);
    const token = lastLine(issued.stdout);
    const res = await fetch(`${app.url}/api/events`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    const revokedAt = Date.now();
    expect((await runAdmin(app.dataDir, ['revoke-token', token])).code).toBe(0);
    let text = '';
    for (;;) {
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('stream still open')), 10_000))]);
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(Date.now() - revokedAt).toBeLessThan(8_000);
    expect(text).toContain('auth.revoked');
    expect((await fetch(`${app.url}/api/events`, { headers: bearer(token) })).status).toBe(401);
    tally('authz', { cells: 1, leaks: 0 });
  });

  it('never reflects the Host header into URLs, and sends API security headers', async () => {
    const res = await rawRequest(app.url, 'POST', '/files/', {
      ...bearer(tokens['other']!),
      ...tusHeaders,
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
      'X-Forwarded-Proto': 'https',
      'Upload-Length': '5',
      'Upload-Metadata': encodeMetadata({ filename: 'h.mp4', filetype: 'video/mp4' }),
    });
    expect(res.status).toBe(201);
    // No public URL configured: a relative Location, which the client resolves against the URL it used.
    expect(res.headers['location']).toMatch(/^\/files\/[0-9a-f-]{36}$/);
    for (const [method, target, headers] of [
      ['GET', '/api/me', bearer(tokens['user']!)],
      ['GET', '/healthz', {}],
      ['GET', '/api/nothing', bearer(tokens['user']!)],
      ['HEAD', `/files/${aliceMedia}`, { ...bearer(tokens['user']!), ...tusHeaders }],
      ['GET', `/play/${aliceMedia}/master.m3u8`, {}],
    ] as const) {
      const r = await rawRequest(app.url, method, target, headers);
      expect(r.headers['x-content-type-options'], target).toBe('nosniff');
      expect(r.headers['referrer-policy'], target).toBe('no-referrer');
      expect(r.headers['content-security-policy'], target).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    expect((await rawRequest(app.url, 'GET', '/api/me', bearer(tokens['user']!))).headers['cache-control']).toBe('no-store');
    // no CORS for origins nobody configured
    const cors = await rawRequest(app.url, 'GET', '/api/me', { ...bearer(tokens['user']!), Origin: 'https://evil.example' });
    expect(cors.headers['access-control-allow-origin']).toBeUndefined();
    const tusCors = await rawRequest(app.url, 'OPTIONS', '/files/', { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' });
    expect(tusCors.headers['access-control-allow-origin']).toBeUndefined();
    tally('authz', { cells: 3, leaks: 0 });
  });

  it('enforces quotas race-safely with a JSON 413 naming the quota, and reports usage in /api/me', async () => {
    const dave = await createUser(app, 'dave');
    const set = await runAdmin(app.dataDir, ['set-quota', 'dave', '--max-pending-uploads', '5', '--max-pending-bytes', '1000']);
    expect(set.code, set.stderr).toBe(0);
    const results = await Promise.all(Array.from({ length: 40 }, () => upload(app, dave, 10)));
    const created = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 413);
    expect(created).toHaveLength(5);
    expect(refused).toHaveLength(35);
    expect(JSON.parse(refused[0]!.body).error).toMatchObject({ code: 'quota_pending_uploads', field: 'Upload-Length' });
    expect(refused[0]!.headers['content-type']).toContain('application/json');
    const listed = (await (await fetch(`${app.url}/api/media`, { headers: bearer(dave) })).json()) as { media: unknown[] };
    expect(listed.media).toHaveLength(5);
    await runAdmin(app.dataDir, ['set-quota', 'dave', '--max-pending-uploads', 'unlimited']);
    const tooBig = await upload(app, dave, 990);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).error.code).toBe('quota_pending_bytes');
    const me = (await (await fetch(`${app.url}/api/me`, { headers: bearer(dave) })).json()) as Record<string, Record<string, number | null>>;
    expect(me['usage']).toEqual({ storedBytes: 0, pendingBytes: 50, pendingUploads: 5 });
    expect(me['limits']).toMatchObject({ pendingBytes: 1000, pendingUploads: null });
    tally('authz', { cells: 2, leaks: 0 });
  });
});

describe('failed-authentication limiter, public URL and CORS allow-list', () => {
  let small: ApplianceProcess;
  beforeAll(async () => {
    small = await startAppliance({
      env: { BIBLIO_AUTH_MAX_FAILURES: '3', BIBLIO_AUTH_FAILURE_WINDOW: '1m' },
    });
  });
  afterAll(async () => {
    await small?.stop();
  });

  it('answers 429 with Retry-After after repeated failures from one address, and counts them', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await rawRequest(small.url, 'GET', '/api/me', bearer(`bib_wrong${i}`))).status);
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await rawRequest(small.url, 'GET', '/api/media', bearer(ADMIN_TOKEN));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body).error.code).toBe('too_many_failed_logins');
    expect(small.output()).not.toContain('bib_wrong');
    tally('authz', { cells: 1, leaks: limited.status === 429 ? 0 : 1 });
  });

  it('builds upload URLs from BIBLIO_PUBLIC_URL and allows only configured CORS origins', async () => {
    // Its own appliance: the limiter above has blocked this test's address on `small`.
    const other = await startAppliance({ env: { BIBLIO_PUBLIC_URL: 'https://media.example.com', BIBLIO_CORS_ORIGINS: 'https://app.example.com' } });
    try {
      const res = await rawRequest(other.url, 'POST', '/files/', {
        ...bearer(ADMIN_TOKEN),
        ...tusHeaders,
        Host: 'evil.example',
        Origin: 'https://app.example.com',
        'Upload-Length': '5',
        'Upload-Metadata': encodeMetadata({ filename: 'p.mp4', filetype: 'video/mp4' }),
      });
      expect(res.status).toBe(201);
      expect(res.headers['location']!.startsWith('https://media.example.com/files/')).toBe(true);
      expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(res.headers['access-control-expose-headers']).toContain('Location');
      const preflight = await rawRequest(other.url, 'OPTIONS', '/api/me', { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const denied = await rawRequest(other.url, 'GET', '/api/me', { ...bearer(ADMIN_TOKEN), Origin: 'https://evil.example' });
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();
      const metrics = await rawRequest(other.url, 'GET', '/metrics', bearer(ADMIN_TOKEN));
      expect(metrics.body).toContain('biblio_auth_failures_total');
    } finally {
      await other.stop();
    }
    tally('authz', { cells: 2, leaks: 0 });
  });
});
