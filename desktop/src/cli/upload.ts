#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { QueueItem } from '@biblio/shared';
import { createDesktopCore, type DesktopCore } from '../core/index.js';
import { StateDirBusyError } from '../core/instance-lock.js';
import { parseArgs, USAGE, type CliOptions } from './args.js';
import { jsonReporter, plainReporter, ttyReporter, type Reporter } from './reporter.js';
import { awaitVerdict, NO_WAIT_USAGE, takeNoWaitFlag, type Verdict } from './validation.js';

const EXIT = { ok: 0, failed: 1, usage: 2, connection: 3, interrupted: 130 } as const;
/** How often and how long the CLI follows an uploaded file's status until it is validated. */
const VALIDATION_POLL_MS = 1_000;
const VALIDATION_TIMEOUT_MS = 15 * 60_000;

/** `biblio-upload`: the desktop core from a terminal. */
async function main(): Promise<number> {
  const { argv, noWait } = takeNoWaitFlag(process.argv.slice(2));
  const parsed = parseArgs(argv, process.env);
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n${NO_WAIT_USAGE}\n`);
    return EXIT.ok;
  }
  if ('error' in parsed) return fail(EXIT.usage, `${parsed.error}\n\n${USAGE}\n${NO_WAIT_USAGE}`);
  const options = parsed.options;
  if (options.tokenFile) {
    const token = await readTokenFile(options.tokenFile);
    if ('error' in token) return fail(EXIT.usage, token.error);
    options.token = token.value;
  } else if (process.env['npm_lifecycle_event'] === 'upload' && process.argv.slice(2).some((arg) => arg === '--token' || arg.startsWith('--token='))) {
    // npm echoes a script's arguments before running it; the token is on the terminal already.
    process.stderr.write('biblio-upload: note: npm printed this command line, token included; use BIBLIO_TOKEN=… or --token-file FILE instead of --token\n');
  }
  for (const file of options.files) {
    const info = await stat(file).catch(() => null);
    if (!info) return fail(EXIT.usage, `${file}: no such file or folder`);
    if (!info.isFile() && !info.isDirectory()) return fail(EXIT.usage, `${file}: not a file or folder`);
  }

  const reporter = pickReporter(options);
  let core: DesktopCore;
  try {
    core = await createDesktopCore({
      stateDir: options.stateDir,
      appVersion: version(),
      shell: 'cli',
      log: (level, message, detail) => {
        const d = detail as { itemId?: string; path?: string; offset?: number; size?: number } | undefined;
        if (message === 'upload resumed from the server offset' && d) reporter.event({ event: 'resumed', id: d.itemId, file: d.path, offset: d.offset, size: d.size });
        else if (level !== 'info') process.stderr.write(`biblio-upload: ${level}: ${message}\n`);
      },
      tuning: { previews: false, holdRestored: true, language: options.language, ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}) },
    });
  } catch (error) {
    if (error instanceof StateDirBusyError) return fail(EXIT.usage, error.message);
    throw error;
  }

  const interrupted = new Promise<number>((resolve) => {
    const stop = () => {
      process.stderr.write('\nbiblio-upload: interrupted; run the same command again to resume\n');
      resolve(EXIT.interrupted);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    const code = await Promise.race([run(core, options, reporter, !noWait), interrupted]);
    return code;
  } finally {
    reporter.finish();
    await core.close();
  }
}

async function run(core: DesktopCore, options: CliOptions, reporter: Reporter, waitForValidation: boolean): Promise<number> {
  const settings = await core.invoke('settings:get', []);
  const serverUrl = options.server ?? (settings.serverUrl || null);
  if (!serverUrl) return fail(EXIT.usage, 'no appliance: pass --server URL (or set BIBLIO_SERVER)');
  if (!options.token && !settings.tokenHint) return fail(EXIT.usage, 'no token: pass --token TOKEN (or set BIBLIO_TOKEN)');
  if (options.token) {
    // Check before saving, so a typo names the flag instead of failing every upload.
    const test = await core.invoke('connection:test', [{ serverUrl, token: options.token }]);
    if (!test.ok) return fail(EXIT.connection, `${test.field === 'token' ? '--token' : '--server'}: ${test.error}`);
  }
  await core.invoke('settings:set', [
    {
      serverUrl,
      ...(options.token ? { token: options.token } : {}),
      bandwidthLimit: options.rateLimit,
      ...(options.parallel ? { parallelUploads: options.parallel } : {}),
    },
  ]);

  const ids = new Set<string>();
  let latest: QueueItem[] = [];
  let settle: (() => void) | null = null;
  const allSettled = () => [...ids].every((id) => SETTLED.has(latest.find((i) => i.id === id)?.state ?? ''));
  const mine = (items: QueueItem[]) => items.filter((item) => ids.has(item.id));
  core.on('queue:changed', (items) => {
    latest = items;
    if (ids.size === 0) return;
    reporter.update(mine(items));
    if (allSettled()) settle?.();
  });

  const added = await core.invoke('queue:add', [options.files, { uploadDuplicates: options.uploadDuplicates, uploadUnreadable: options.uploadUnreadable }]);
  for (const item of added) ids.add(item.id);
  latest = await core.invoke('queue:list', []);
  reporter.update(mine(latest));
  if (!allSettled()) await new Promise<void>((resolve) => (settle = resolve));

  const final = mine(latest);
  const duplicates = final.filter((item) => item.state === 'duplicate');
  const refusedLocally = final.filter((item) => item.state === 'refused');
  const failed = final.filter((item) => item.state !== 'done' && item.state !== 'duplicate' && item.state !== 'refused');
  const uploaded = final.filter((item) => item.state === 'done' && item.mediaId);
  const verdicts = waitForValidation ? await followValidation(core, uploaded, reporter) : new Map<QueueItem, Verdict>();
  const refused = [...verdicts].filter(([, v]) => v.outcome === 'rejected' || v.outcome === 'failed');
  reporter.event({
    event: 'summary',
    uploaded: final.length - failed.length - duplicates.length - refusedLocally.length,
    failed: failed.length,
    ...(duplicates.length > 0 ? { alreadyInLibrary: duplicates.length } : {}),
    ...(refusedLocally.length > 0 ? { refused: refusedLocally.length } : {}),
    ...(waitForValidation ? { rejected: refused.length } : {}),
  });
  for (const item of refusedLocally) process.stderr.write(`biblio-upload: ${item.path}: refused: ${item.error ?? 'not audio or video'} (--upload-unreadable to send it anyway)\n`);
  for (const item of failed) process.stderr.write(`biblio-upload: ${item.path}: ${item.error ?? item.state}\n`);
  for (const [item, verdict] of verdicts) {
    if (verdict.outcome !== 'accepted') process.stderr.write(`biblio-upload: ${item.path}: ${verdict.outcome}: ${verdict.reason}\n`);
  }
  return failed.length === 0 && refused.length === 0 && refusedLocally.length === 0 ? EXIT.ok : EXIT.failed;
}

/**
 * Follows each uploaded file's status on the appliance until validation accepted or rejected
 * it (all files at once), reporting each verdict as it comes.
 */
async function followValidation(core: DesktopCore, items: QueueItem[], reporter: Reporter): Promise<Map<QueueItem, Verdict>> {
  const verdicts = new Map<QueueItem, Verdict>();
  await Promise.all(
    items.map(async (item) => {
      const verdict = await awaitVerdict(() => core.invoke('library:get', [item.mediaId!]), { intervalMs: VALIDATION_POLL_MS, timeoutMs: VALIDATION_TIMEOUT_MS });
      verdicts.set(item, verdict);
      const base = { id: item.id, file: item.path, mediaId: item.mediaId };
      reporter.event(verdict.outcome === 'accepted' ? { event: 'validated', ...base } : { event: verdict.outcome, ...base, reason: verdict.reason });
    }),
  );
  return verdicts;
}

/** States the CLI stops waiting at: finished, failed, or nothing to send (duplicate, refused). */
const SETTLED: ReadonlySet<string> = new Set(['done', 'error', 'cancelled', 'duplicate', 'refused']);

/** The first line of a token file; the token itself never appears in a message. */
async function readTokenFile(file: string): Promise<{ value: string } | { error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { error: `--token-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const value = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (value.length < 8 || value.length > 500) return { error: `--token-file ${file}: the first line does not look like a Biblio token (8-500 characters)` };
  return { value };
}

function pickReporter(options: CliOptions): Reporter {
  const write = (text: string) => void process.stdout.write(text);
  if (options.json) return jsonReporter(write);
  if (process.stdout.isTTY) return ttyReporter(write, () => process.stdout.columns || 80);
  return plainReporter(write);
}

function fail(code: number, message: string): number {
  process.stderr.write(`biblio-upload: ${message}\n`);
  return code;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Exit once stdout is flushed (pipes are asynchronous on macOS; a bare exit can cut the JSON). */
function exit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main().then(exit, (error: unknown) => {
  process.stderr.write(`biblio-upload: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  exit(1);
});
