import { ConfigError, loadConfig } from '../config/config.js';
import { MissingToolError } from '../adapters/system/tools.js';
import { DataDirBusyError } from '../adapters/system/data-dir-lock.js';
import { tightenDataDir, usePrivateUmask } from '../adapters/system/file-modes.js';
import { createLogger } from './logger.js';
import { ROLES, startAppliance, type Role } from './compose.js';

/** `npm run appliance`: the all-in-one appliance in the foreground. */
function parseRole(argv: string[]): Role {
  const index = argv.indexOf('--role');
  const value = index === -1 ? 'all' : argv[index + 1];
  if (!ROLES.includes(value as Role)) {
    process.stderr.write(`biblio: --role must be one of ${ROLES.join(', ')} (got ${value ?? 'nothing'})\n`);
    process.exit(64);
  }
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
  const log = createLogger(config.logLevel, 'biblio');
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
    if (error instanceof MissingToolError || error instanceof DataDirBusyError) {
      process.stderr.write(`biblio: ${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  // One write: whoever waits for the "listening" line finds the first-start token with it.
  const banner = [
    `\nBiblio appliance (${role}) listening on ${appliance.url}`,
    `  health: ${appliance.url}/healthz   data: ${config.dataDir}`,
    ...(appliance.generatedAdminToken
      ? ['', 'First start: created the user "admin". Its API token (shown once, keep it safe):', appliance.generatedAdminToken, '']
      : []),
  ];
  process.stdout.write(`${banner.join('\n')}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    appliance
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`biblio: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
