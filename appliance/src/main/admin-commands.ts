import type { Accounts } from '../services/accounts.js';
import type { QuotaOverrides } from '../ports/database.js';
import type { Quotas } from '../services/quotas.js';
import type { PlaybackKeys } from '../services/playback-keys.js';

export type AdminCommand =
  | { cmd: 'create-user'; name: string; admin: boolean }
  | { cmd: 'issue-token'; name: string }
  | { cmd: 'list-users' }
  | { cmd: 'revoke-token'; token: string }
  | { cmd: 'set-quota'; name: string; limits: Partial<QuotaOverrides> }
  | { cmd: 'rotate-playback-key' };

/** Services some commands need beyond accounts. */
export interface AdminServices {
  quotas?: Quotas;
  playbackKeys?: PlaybackKeys;
}

const showLimit = (n: number | null) => (n === null ? 'unlimited' : String(n));

/** Runs one admin command; the result is the text the CLI prints (the token last, alone). */
export async function runAdminCommand(accounts: Accounts, command: AdminCommand, services: AdminServices = {}): Promise<string> {
  switch (command.cmd) {
    case 'create-user': {
      const { user, token } = await accounts.createUser(command.name, command.admin);
      return `created ${user.isAdmin ? 'admin' : 'user'} ${user.name} (${user.id})\n${token}`;
    }
    case 'issue-token': {
      const token = await accounts.issueToken(command.name);
      if (!token) throw new Error(`no user named "${command.name}"`);
      return token;
    }
    case 'list-users': {
      const users = await accounts.listUsers();
      if (users.length === 0) return 'no users';
      return users
        .map((u) => `${u.name}\t${u.isAdmin ? 'admin' : 'user'}\t${u.id}\t${u.createdAt.toISOString()}`)
        .join('\n');
    }
    case 'revoke-token': {
      const revoked = await accounts.revokeToken(command.token);
      if (!revoked) throw new Error('no live token matches');
      return 'token revoked';
    }
    case 'set-quota': {
      if (!services.quotas) throw new Error('quotas are not available here');
      const limits = await services.quotas.set(command.name, command.limits);
      if (!limits) throw new Error(`no user named "${command.name}"`);
      return `quota of ${command.name}: stored bytes ${showLimit(limits.storedBytes)}, pending bytes ${showLimit(limits.pendingBytes)}, pending uploads ${showLimit(limits.pendingUploads)}`;
    }
    case 'rotate-playback-key': {
      if (!services.playbackKeys) throw new Error('rotate-playback-key needs the database (no playback keys given)');
      await services.playbackKeys.rotate();
      return 'playback signing key rotated: every playback URL issued before is now invalid';
    }
  }
}
