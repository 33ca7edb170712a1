import { chmod, rm } from 'node:fs/promises';
import net from 'node:net';
import type { Logger } from 'pino';
import type { Accounts } from '../services/accounts.js';
import type { PlaybackKeys } from '../services/playback-keys.js';
import { runAdminCommand, type AdminCommand } from './admin-commands.js';

/**
 * A Unix socket (mode 0600) through which `npm run admin` reaches a running appliance: the
 * embedded PGlite database can only be opened by one process. Filesystem permissions are the
 * credential, as for a database's local socket.
 */
export async function startAdminSocket(socketPath: string, accounts: Accounts, log: Logger, playbackKeys?: PlaybackKeys) {
  await rm(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      const line = buffer.slice(0, newline);
      buffer = '';
      void (async () => {
        try {
          const command = JSON.parse(line) as AdminCommand;
          const result = await runAdminCommand(accounts, command, playbackKeys);
          socket.end(`${JSON.stringify({ ok: true, result })}\n`);
        } catch (error) {
          socket.end(`${JSON.stringify({ ok: false, error: (error as Error).message })}\n`);
        }
      })();
    });
    socket.on('error', (err) => log.debug({ err }, 'admin socket client error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o600);
  return {
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socketPath, { force: true });
    },
  };
}
