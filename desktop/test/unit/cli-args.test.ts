import { describe, expect, it } from 'vitest';
import { defaultStateDir, parseArgs, parseBytes } from '../../src/cli/args.js';
import { formatBytes, formatDuration, progressLine } from '../../src/cli/reporter.js';

const ok = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = parseArgs(argv, env, 'linux');
  if (parsed.help || 'error' in parsed) throw new Error(JSON.stringify(parsed));
  return parsed.options;
};
const error = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = parseArgs(argv, env, 'linux');
  return !parsed.help && 'error' in parsed ? parsed.error : null;
};

describe('CLI arguments', () => {
  it('takes files, flags (also --flag=value) and env fallbacks', () => {
    const options = ok(['a.mp4', '--server', 'http://h:8080', '--rate-limit=512k', '--json', 'b.mp3'], { BIBLIO_TOKEN: 'bib_0123456789' });
    expect(options).toMatchObject({ files: ['a.mp4', 'b.mp3'], server: 'http://h:8080', token: 'bib_0123456789', rateLimit: 524288, json: true });
    expect(ok(['x', '--', '--weird-name.mp4']).files).toEqual(['x', '--weird-name.mp4']);
  });

  it('takes the duplicate and unreadable overrides and a token file (never the token on the command line)', () => {
    expect(ok(['a.mp4'])).toMatchObject({ uploadDuplicates: false, uploadUnreadable: false, tokenFile: null });
    expect(ok(['a.mp4', '--upload-duplicates', '--upload-unreadable'])).toMatchObject({ uploadDuplicates: true, uploadUnreadable: true });
    expect(ok(['a.mp4', '--token-file', 'tok.txt']).tokenFile).toMatch(/\/tok\.txt$/);
    expect(error(['a.mp4', '--token-file', 't', '--token', 'bib_0123456789'])).toMatch(/not both/);
  });

  it('names the problem for bad input', () => {
    expect(error([])).toMatch(/no files/);
    expect(error(['a', '--server', 'ftp://x'])).toMatch(/--server must be an http/);
    expect(error(['a', '--server', 'not a url'])).toMatch(/--server/);
    expect(error(['a', '--rate-limit', '10'])).toMatch(/--rate-limit/);
    expect(error(['a', '--rate-limit', 'fast'])).toMatch(/--rate-limit/);
    expect(error(['a', '--parallel', '0'])).toMatch(/--parallel/);
    expect(error(['a', '--token', 'short'])).toMatch(/--token/);
    expect(error(['a', '--bogus'])).toMatch(/unknown option --bogus/);
    expect(error(['a', '--server'])).toMatch(/needs a value/);
    expect(parseArgs(['--help'], {})).toEqual({ help: true });
    expect(parseArgs(['a', '--bogus', '-h'], {})).toEqual({ help: true });
    expect(ok(['a', '--', '--help']).files).toEqual(['a', '--help']);
    expect(error(['a', '-x'])).toBe('unknown option -x');
    expect(error(['a', '--server='])).toBe('--server needs a value');
    // A flag directly after a value flag is a forgotten value, not the value.
    expect(error(['a', '--server', '--json'])).toBe('--server needs a value');
    expect(error(['a', '--json=yes'])).toBe('--json takes no value');
  });

  it('parses byte sizes with binary units', () => {
    expect(parseBytes('1048576')).toBe(1048576);
    expect(parseBytes('2M')).toBe(2 * 1024 * 1024);
    expect(parseBytes('1.5MiB')).toBe(1.5 * 1024 * 1024);
    expect(parseBytes('64k')).toBe(65536);
    expect(parseBytes('-1')).toBeNull();
    // One meaning across Biblio: MB is decimal, M and MiB binary, in the CLI as in the appliance.
    expect(parseBytes('500MB')).toBe(500 * 1000 * 1000);
    expect(parseBytes('500M')).toBe(500 * 1024 * 1024);
  });

  it('puts state in the platform config dir unless told otherwise', () => {
    expect(defaultStateDir({}, 'linux', '/home/u')).toBe('/home/u/.config/biblio');
    expect(defaultStateDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/biblio');
    expect(defaultStateDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Biblio');
    expect(defaultStateDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming\\Biblio');
    expect(ok(['a'], { BIBLIO_CLIENT_STATE_DIR: '/tmp/s' }).stateDir).toBe('/tmp/s');
  });
});

describe('CLI display', () => {
  it('formats sizes, durations and a progress line that fits the terminal', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(65)).toBe('1:05');
    const line = progressLine(
      { id: '1', path: '/a/lecture.mp4', name: 'lecture.mp4', size: 100, mimeType: 'video/mp4', state: 'uploading', uploadedBytes: 50, speedBps: 2048, etaSec: 25, mediaId: null, error: null, attempt: 1, preview: { thumbnail: null, peaks: null, final: false, error: null }, createdAt: '', duplicateOf: null, canRetry: false },
      80,
    );
    expect(line.length).toBeLessThan(80);
    expect(line).toContain(' 50%');
    expect(line).toContain('2.0 KiB/s');
    expect(line).toContain('ETA 0:25');
  });
});
