import { describe, expect, it } from 'vitest';
import { startAppliance } from '@biblio/test-support';

/**
 * BIBLIO_LOG_FORMAT=pretty is what a person at a terminal gets (`auto` picks it on a TTY, and
 * `npm start` asks for it): readable lines, and a shutdown that still prints its last line and
 * ends on time (pino-pretty runs in the main thread, so no worker can hold the process open).
 */
describe('log format', () => {
  it('pretty: readable lines, the last one flushed, a prompt exit', async () => {
    const app = await startAppliance({ env: { BIBLIO_LOG_FORMAT: 'pretty', BIBLIO_LOG_LEVEL: 'info', NO_COLOR: '1' } });
    const startedAt = Date.now();
    const code = await app.stop();
    const stopMs = Date.now() - startedAt;
    expect(code, app.output()).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    const lines = app.output().split('\n').filter((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\]/.test(line));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.some((line) => line.startsWith('{'))).toBe(false);
    expect(lines.at(-1)).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: stopped$/);
    expect(lines.find((line) => line.includes('shutting down'))).toMatch(/INFO: shutting down \{.*"signal":"SIGTERM"/);
  });

  it('json (what the harness always asks for): one object per line', async () => {
    const app = await startAppliance({ env: { BIBLIO_LOG_LEVEL: 'info' } });
    expect(await app.stop(), app.output()).toBe(0);
    const logLines = app.output().split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(3);
    expect(JSON.parse(logLines.at(-1)!)).toMatchObject({ msg: 'stopped', level: 30 });
  });
});
