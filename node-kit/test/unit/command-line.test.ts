import { describe, expect, it } from 'vitest';
import { CommandLineError, parseCommandLine } from '../../src/index.js';

const OPTIONS = { server: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
const problem = (args: string[]) => {
  try {
    parseCommandLine(args, OPTIONS);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(CommandLineError);
    return { problem: (error as CommandLineError).problem, message: (error as Error).message };
  }
};

describe('parseCommandLine', () => {
  it('reads flags, --flag=value, short flags and positionals; -- ends the flags', () => {
    const { values, positionals } = parseCommandLine(['a', '--server', 'http://x', '--json', '-h', 'b', '--', '--c'], OPTIONS);
    expect(values).toEqual({ server: 'http://x', json: true, help: true });
    expect(positionals).toEqual(['a', 'b', '--c']);
    expect(parseCommandLine(['--server=http://y'], OPTIONS).values.server).toBe('http://y');
  });

  it('names the option in short messages', () => {
    expect(problem(['--bogus'])).toEqual({ problem: 'unknown-option', message: 'unknown option --bogus' });
    expect(problem(['-x'])).toEqual({ problem: 'unknown-option', message: 'unknown option -x' });
    expect(problem(['--server'])).toEqual({ problem: 'missing-value', message: '--server needs a value' });
    expect(problem(['--server', '--json'])).toEqual({ problem: 'missing-value', message: '--server needs a value' });
    expect(problem(['--server='])).toEqual({ problem: 'missing-value', message: '--server needs a value' });
    expect(problem(['--json=1'])).toEqual({ problem: 'unexpected-value', message: '--json takes no value' });
  });
});
