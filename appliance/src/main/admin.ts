import net from 'node:net';
import path from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { openDatabase } from '../adapters/db/connect.js';
import { DataDirBusyError, lockDataDir } from '../adapters/system/data-dir-lock.js';
import { usePrivateUmask } from '../adapters/system/file-modes.js';
import { Accounts } from '../services/accounts.js';
import { PlaybackKeys } from '../services/playback-keys.js';
import { runAdminCommand, type AdminCommand } from './admin-commands.js';
import { ADMIN_USAGE, AdminUsageError, parseAdminArgs } from './admin-args.js';
import { Quotas } from '../services/quotas.js';

/** Asks a running appliance over its admin socket; undefined when none is listening. */
function viaSocket(socketPath: string, command: AdminCommand): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(command)}\n`));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('end', () => {
      try {
        const parsed = JSON.parse(reply) as { ok: boolean; result?: string; error?: string };
        if (parsed.ok) resolve(parsed.result ?? '');
        else reject(new Error(parsed.error));
      } catch {
        reject(new Error('the appliance sent an unreadable reply on its admin socket'));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(undefined);
      else reject(error);
    });
  });
}

async function direct(config: AppConfig, command: AdminCommand): Promise<string> {
  const unlock = config.databaseUrl ? undefined : await lockDataDir(config.dataDir, 'biblio admin');
  try {
    const db = await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'pglite', dataDir: path.join(config.dataDir, 'db') },
    );
    try {
      return await runAdminCommand(new Accounts(db), command, { quotas: new Quotas(db, config.quotaDefaults), playbackKeys: new PlaybackKeys(db.processing) });
    } finally {
      await db.close();
    }
  } finally {
    await unlock?.();
  }
}

async function main(): Promise<void> {
  // Without a running appliance the CLI opens PGlite itself: its files must stay private too.
  usePrivateUmask();
  const command = parseAdminArgs(process.argv.slice(2));
  const config = loadConfig();
  const output = config.databaseUrl
    ? await direct(config, command)
    : ((await viaSocket(path.join(config.dataDir, 'admin.sock'), command)) ?? (await direct(config, command)));
  process.stdout.write(`${output}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof AdminUsageError) {
    process.stderr.write(`biblio admin: ${error.message}\n${ADMIN_USAGE}\n`);
    process.exit(64);
  }
  if (error instanceof ConfigError || error instanceof DataDirBusyError) {
    process.stderr.write(`biblio admin: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`biblio admin: ${(error as Error).message}\n`);
  process.exit(1);
});
