import { describe, expect, it } from 'vitest';
import { AdminUsageError, parseAdminArgs } from '../../src/main/admin-args.js';

const problem = (argv: string[]) => {
  try {
    parseAdminArgs(argv);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AdminUsageError);
    return (error as Error).message;
  }
};

describe('admin CLI arguments', () => {
  it('parses every command', () => {
    expect(parseAdminArgs(['create-user', 'ann', '--admin'])).toEqual({ cmd: 'create-user', name: 'ann', admin: true });
    expect(parseAdminArgs(['create-user', 'bob'])).toEqual({ cmd: 'create-user', name: 'bob', admin: false });
    expect(parseAdminArgs(['issue-token', 'bob'])).toEqual({ cmd: 'issue-token', name: 'bob' });
    expect(parseAdminArgs(['list-users'])).toEqual({ cmd: 'list-users' });
    expect(parseAdminArgs(['revoke-token', 'bib_x'])).toEqual({ cmd: 'revoke-token', token: 'bib_x' });
    expect(parseAdminArgs(['rotate-playback-key'])).toEqual({ cmd: 'rotate-playback-key' });
    expect(parseAdminArgs(['set-quota', 'dave', '--max-pending-uploads', '5', '--max-bytes=500GiB', '--max-pending-bytes', 'unlimited'])).toEqual({
      cmd: 'set-quota',
      name: 'dave',
      limits: { pendingUploads: 5, storedBytes: 500 * 1024 ** 3, pendingBytes: 'unlimited' },
    });
    expect(parseAdminArgs(['set-quota', 'dave', '--max-bytes', 'default'])).toMatchObject({ limits: { storedBytes: null } });
  });

  it('names what is wrong', () => {
    expect(problem([])).toBe('missing command');
    expect(problem(['frobnicate'])).toBe('unknown command frobnicate');
    expect(problem(['create-user'])).toBe('create-user needs exactly one NAME');
    expect(problem(['create-user', 'ann', '--superuser'])).toBe('unknown option --superuser');
    expect(problem(['list-users', '--all'])).toBe('unknown option --all');
    expect(problem(['issue-token', 'a', 'b'])).toBe('issue-token needs exactly one NAME');
    expect(problem(['rotate-playback-key', 'now'])).toBe('rotate-playback-key takes no arguments');
    expect(problem(['set-quota', 'dave'])).toMatch(/needs at least one of --max-bytes/);
    expect(problem(['set-quota', '--max-bytes', '1GiB'])).toBe('set-quota needs exactly one NAME');
    expect(problem(['set-quota', 'dave', '--max-bytes'])).toBe('--max-bytes needs a value (a size, "unlimited" or "default")');
    expect(problem(['set-quota', 'dave', '--max-bytes', '--max-pending-uploads', '3'])).toMatch(/^--max-bytes needs a value/);
    expect(problem(['set-quota', 'dave', '--max-bytes', 'lots'])).toBe('--max-bytes lots: expected a byte size like 500GiB, "unlimited" or "default"');
    expect(problem(['set-quota', 'dave', '--max-pending-uploads', '2.5'])).toMatch(/expected a whole number/);
    expect(problem(['set-quota', 'dave', '--max-files', '3'])).toBe('unknown option --max-files');
  });
});
