import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** The machine a run was measured on: numbers are only comparable on the same one. */
export interface MachineInfo {
  summary: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  ffmpeg: string;
  /** 1-minute load average when the run started: > cores means the numbers are noisy. */
  loadAtStart: number;
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return 'unavailable';
  }
}

function osName(): string {
  try {
    const release = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).trim();
    return release || os.type();
  } catch {
    return os.type();
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = Math.round((os.totalmem() / 1024 ** 3) * 10) / 10;
  const ffmpeg = firstLine('ffmpeg', ['-hide_banner', '-version']).replace(/ Copyright.*/, '');
  const info = {
    cpu,
    cores: cpus.length,
    memoryGiB,
    os: osName(),
    kernel: os.release(),
    node: process.version,
    ffmpeg,
    loadAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
  };
  return { summary: `${info.cores} x ${cpu}, ${memoryGiB} GiB RAM, ${info.os}, Node ${info.node}, ${ffmpeg}`, ...info };
}
