import { CommandLineError, parseCommandLine } from '@biblio/node-kit';
import { parseByteSize } from '@biblio/shared';
import os from 'node:os';
import path from 'node:path';

export const USAGE = `Usage: npm run upload -- FILE|FOLDER... [options]

Uploads media files to a Biblio appliance, resumably: run the same command again after a crash,
a kill or Ctrl-C and each upload continues where the appliance stopped receiving it.

Options:
  --server URL            appliance URL (env BIBLIO_SERVER; default: the saved one)
  --token TOKEN           API token (env BIBLIO_TOKEN; default: the saved one). \`npm run\` echoes
                          its arguments: prefer BIBLIO_TOKEN or --token-file there
  --token-file FILE       read the API token from FILE (first line)
  --rate-limit BYTES_PER_S  bandwidth limit for all uploads together (e.g. 1048576, 512k, 2M; MB = 1000000)
  --parallel N            files uploaded at once (1-10, default 3)
  --language CODE         spoken language sent with new uploads (e.g. en, pt-BR)
  --upload-duplicates     upload files whose content is already in your library (default: skip
                          them and print "already in library: MEDIA_ID")
  --upload-unreadable     upload files the local FFmpeg cannot read as audio/video (the appliance
                          decides; default: refuse them before upload)
  --json                  one JSON object per line on stdout instead of a progress display
  --state-dir DIR         where the queue is kept (env BIBLIO_CLIENT_STATE_DIR)
  --chunk-size BYTES      bytes per request (default 64M); lower it behind a proxy that limits
                          request bodies
  -h, --help              this text

Exit codes: 0 all uploaded (or already in the library), 1 some uploads failed or were refused, 2 bad arguments or files,
3 appliance unreachable or token rejected, 130 interrupted.`;

export interface CliOptions {
  files: string[];
  server: string | null;
  token: string | null;
  /** A file holding the token (read by the CLI, so the token never shows in a command line). */
  tokenFile: string | null;
  uploadDuplicates: boolean;
  uploadUnreadable: boolean;
  rateLimit: number | null;
  parallel: number | null;
  language: string | null;
  json: boolean;
  stateDir: string;
  chunkSize: number | null;
}

export type ParsedArgs = { help: true } | { help: false; options: CliOptions } | { help: false; error: string };

/** Every flag the usage text documents; anything else is refused by name. */
const OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'upload-duplicates': { type: 'boolean' },
  'upload-unreadable': { type: 'boolean' },
  'rate-limit': { type: 'string' },
  parallel: { type: 'string' },
  language: { type: 'string' },
  json: { type: 'boolean' },
  'state-dir': { type: 'string' },
  'chunk-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** "512k", "2M", "1048576", "500MB" -> bytes, with the meaning the appliance gives them (shared). */
export function parseBytes(text: string): number | null {
  return parseByteSize(text) ?? null;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv, platform = process.platform): ParsedArgs {
  // Asking for help wins over a mistake next to it (`--bogus --help` shows the usage); after
  // `--`, "--help" is a file name.
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  if (flags.includes('--help') || flags.includes('-h')) return { help: true };
  let parsed;
  try {
    parsed = parseCommandLine(argv, OPTIONS);
  } catch (error) {
    if (error instanceof CommandLineError) return { help: false, error: error.message };
    throw error;
  }
  const values = parsed.values;
  const files = parsed.positionals;
  const json = values.json ?? false;
  if (files.length === 0) return { help: false, error: 'no files given' };

  const server = values.server ?? env['BIBLIO_SERVER'] ?? null;
  if (server !== null && !isHttpUrl(server)) return { help: false, error: `--server must be an http(s) URL like http://127.0.0.1:8080, not "${server}"` };
  const token = values.token ?? env['BIBLIO_TOKEN'] ?? null;
  if (token !== null && (token.length < 8 || token.length > 500)) return { help: false, error: '--token does not look like a Biblio token (8-500 characters)' };
  const tokenFile = values['token-file'] ?? null;
  if (tokenFile !== null && values.token !== undefined) return { help: false, error: 'give --token or --token-file, not both' };

  let rateLimit: number | null = null;
  if (values['rate-limit'] !== undefined) {
    rateLimit = parseBytes(values['rate-limit']);
    if (rateLimit === null || rateLimit < 1024) return { help: false, error: '--rate-limit must be bytes per second, at least 1024 (e.g. 1048576, 512k, 2M)' };
  }
  let parallel: number | null = null;
  if (values.parallel !== undefined) {
    parallel = Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1 || parallel > 10) return { help: false, error: '--parallel must be a whole number from 1 to 10' };
  }
  let chunkSize: number | null = null;
  if (values['chunk-size'] !== undefined) {
    chunkSize = parseBytes(values['chunk-size']);
    if (chunkSize === null || chunkSize < 64 * 1024) return { help: false, error: '--chunk-size must be at least 64k' };
  }
  const language = values.language ?? null;
  if (language !== null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language)) return { help: false, error: '--language must be a code like en or pt-BR' };

  const stateDir = values['state-dir'] ?? env['BIBLIO_CLIENT_STATE_DIR'] ?? defaultStateDir(env, platform);
  return { help: false, options: { files, server, token, tokenFile: tokenFile === null ? null : path.resolve(tokenFile), uploadDuplicates: values['upload-duplicates'] ?? false, uploadUnreadable: values['upload-unreadable'] ?? false, rateLimit, parallel, language, json, stateDir: path.resolve(stateDir), chunkSize } };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The user config dir: ~/.config/biblio (XDG) on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultStateDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home = os.homedir()): string {
  if (platform === 'win32') return path.win32.join(env['APPDATA'] ?? path.win32.join(home, 'AppData', 'Roaming'), 'Biblio');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Biblio');
  return path.posix.join(env['XDG_CONFIG_HOME'] || path.posix.join(home, '.config'), 'biblio');
}
