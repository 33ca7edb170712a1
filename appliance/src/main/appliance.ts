import { CommandLineError, parseCommandLine } from '@biblio/node-kit';
import { ConfigError, loadConfig } from '../config/config.js';
import { MissingToolError } from '../adapters/system/tools.js';
import { DataDirBusyError } from '../adapters/system/data-dir-lock.js';
import { tightenDataDir, usePrivateUmask } from '../adapters/system/file-modes.js';
import { chooseLogFormat, createLogger, stopWaitingForLogReaders } from './logger.js';
import { DiskFullError } from '../services/disk-guard.js';

/** A start that failed for lack of space, whichever part noticed first (PGlite, redis, a mkdir). */
function isDiskFull(error: unknown): boolean {
  if (error instanceof DiskFullError) return true;
  const text = error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}` : String(error);
  return /ENOSPC|No space left on device|MISCONF|Can't open the append-only file/i.test(text);
}
import type { Logger } from 'pino';
import { ROLES, startAppliance, type Role, type RunningAppliance } from './compose.js';

/** `npm run appliance [-- --role all|api|worker]`: the appliance in the foreground. */
function parseRole(argv: string[]): Role {
  const usage = (problem: string): never => {
    process.stderr.write(`biblio: ${problem}\nusage: appliance.ts [--role ${ROLES.join('|')}]\n`);
    process.exit(64);
  };
  let parsed;
  try {
    parsed = parseCommandLine(argv, { role: { type: 'string' } });
  } catch (error) {
    if (error instanceof CommandLineError) return usage(error.message);
    throw error;
  }
  if (parsed.positionals.length > 0) return usage(`unexpected argument ${parsed.positionals[0]}`);
  const value = parsed.values.role ?? 'all';
  if (!ROLES.includes(value as Role)) return usage(`--role must be one of ${ROLES.join(', ')} (got ${value})`);
  return value as Role;
}

async function main(): Promise<void> {
  // Before anything writes the data dir: PGlite, redis-server (a child) and the stores.
  usePrivateUmask();
  const role = parseRole(process.argv.slice(2));
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ level: config.logLevel, name: 'biblio', format: chooseLogFormat(config.logFormat, process.stdout.isTTY === true) });
  const embedded = !config.databaseUrl || !config.redisUrl || !config.s3;
  const fixedModes = await tightenDataDir(config.dataDir, { create: embedded });
  if (fixedModes > 0) log.warn({ dataDir: config.dataDir, fixed: fixedModes }, `fixed permissions of ${fixedModes} files in the data dir`);
  let appliance;
  try {
    appliance = await startAppliance(config, log, role);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (isDiskFull(error)) {
      process.stderr.write(`biblio: cannot start: ${error instanceof DiskFullError ? error.message : `no space left on the disk of ${config.dataDir}; free some space and start again`}\n`);
      process.exit(3);
    }
    if (error instanceof MissingToolError || error instanceof DataDirBusyError) {
      process.stderr.write(`biblio: ${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  // Before the banner: whoever waits for the "listening" line may signal us the moment it
  // arrives, and a SIGTERM before the handlers are in place would end us without the ordered
  // shutdown (seen 2 times in 5 on a loaded machine when the handlers came second).
  installShutdown(appliance, log, config.shutdownTimeoutMs);
  // One write: whoever waits for the "listening" line finds the first-start token with it.
  const banner = [
    `\nBiblio appliance (${role}) listening on ${appliance.url}`,
    `  health: ${appliance.url}/healthz   data: ${config.dataDir}`,
    ...(appliance.generatedAdminToken
      ? ['', 'First start: created the user "admin". Its API token (shown once, keep it safe):', appliance.generatedAdminToken, '']
      : []),
  ];
  process.stdout.write(`${banner.join('\n')}\n`);
}

/**
 * One ordered shutdown (the appliance's stop()), bounded by BIBLIO_SHUTDOWN_TIMEOUT: whatever
 * hangs, the process exits by the deadline, taking its embedded redis down with it. A second
 * SIGTERM/SIGINT (an impatient Ctrl-C) exits at once.
 */
function installShutdown(appliance: RunningAppliance, log: Logger, timeoutMs: number): void {
  let stopping = false;
  const exitNow = (code: number) => {
    appliance.stopNow();
    process.exit(code);
  };
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      exitNow(130);
      return;
    }
    stopping = true;
    stopWaitingForLogReaders();
    log.info({ signal, timeoutMs }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error({ step: appliance.currentShutdownStep() }, `shutdown did not finish within ${Math.round(timeoutMs / 1000)} s; exiting`);
      exitNow(1);
    }, timeoutMs);
    deadline.unref();
    appliance
      .stop()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        exitNow(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  // Under `npm start` our stdin is a pipe from the launcher: its end means the launcher died.
  if (process.env['BIBLIO_STOP_WITH_PARENT'] === '1') {
    process.stdin.on('end', () => shutdown('parent exited'));
    process.stdin.on('error', () => shutdown('parent exited'));
    process.stdin.resume();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`biblio: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
