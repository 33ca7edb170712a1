import { spawnSync } from 'node:child_process';

/** A system program the appliance needs, and how to install it on Debian/Ubuntu. */
export const SYSTEM_TOOLS = {
  'redis-server': 'sudo apt-get install -y redis-server',
  ffmpeg: 'sudo apt-get install -y ffmpeg',
  ffprobe: 'sudo apt-get install -y ffmpeg',
} as const;
export type SystemTool = keyof typeof SYSTEM_TOOLS;

export class MissingToolError extends Error {
  constructor(readonly tool: SystemTool, reason: string) {
    super(`${tool} is required but ${reason}. Install it with: ${SYSTEM_TOOLS[tool]}`);
    this.name = 'MissingToolError';
  }
}

/** Runs `tool -version`-style probe; returns the first line of its output or throws MissingToolError. */
export function requireTool(tool: SystemTool, versionArgs: string[]): string {
  const result = spawnSync(tool, versionArgs, { encoding: 'utf8', timeout: 10_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new MissingToolError(tool, code === 'ENOENT' ? 'was not found on PATH' : `could not run (${code})`);
  }
  return `${result.stdout}${result.stderr}`.split('\n')[0]!.trim();
}
