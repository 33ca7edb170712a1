import { CommandLineError, parseCommandLine } from '@biblio/node-kit';
import type { AdminCommand } from './admin-commands.js';
import { parseSetQuota, QuotaArgsError } from './quota-args.js';

/** A mistake on the admin command line: printed with the usage, exit code 64 (EX_USAGE). */
export class AdminUsageError extends Error {}

export const ADMIN_USAGE = `usage: npm run admin -- COMMAND
  create-user NAME [--admin]   create a user; prints its API token as the last line
  issue-token NAME             print a new extra token for an existing user
  list-users                   list users
  revoke-token TOKEN           revoke a token
  set-quota NAME [--max-bytes SIZE] [--max-pending-bytes SIZE] [--max-pending-uploads N]
                               set a user's quotas (SIZE like 500GiB; "unlimited" or "default")
  rotate-playback-key          replace the playback signing key; every playback URL issued before stops working`;

/** `npm run admin -- COMMAND [ARGS]` -> the command; AdminUsageError names what is wrong. */
export function parseAdminArgs(argv: string[]): AdminCommand {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'create-user': {
        const { values, positionals } = parseCommandLine(rest, { admin: { type: 'boolean' } });
        return { cmd, name: exactlyOne(positionals, 'create-user needs exactly one NAME'), admin: values.admin ?? false };
      }
      case 'issue-token':
        return { cmd, name: exactlyOne(parseCommandLine(rest, {}).positionals, 'issue-token needs exactly one NAME') };
      case 'list-users':
        parseCommandLine(rest, {});
        return { cmd };
      case 'revoke-token':
        return { cmd, token: exactlyOne(parseCommandLine(rest, {}).positionals, 'revoke-token needs exactly one TOKEN') };
      case 'rotate-playback-key':
        if (parseCommandLine(rest, {}).positionals.length !== 0) throw new AdminUsageError('rotate-playback-key takes no arguments');
        return { cmd };
      case 'set-quota':
        return { cmd, ...parseSetQuota(rest) };
      default:
        throw new AdminUsageError(cmd ? `unknown command ${cmd}` : 'missing command');
    }
  } catch (error) {
    if (error instanceof CommandLineError || error instanceof QuotaArgsError) throw new AdminUsageError(error.message);
    throw error;
  }
}

function exactlyOne(positionals: string[], problem: string): string {
  if (positionals.length !== 1) throw new AdminUsageError(problem);
  return positionals[0]!;
}
