import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { NODE_HEAP_FLOOR_ARGS, REPO_ROOT } from '@biblio/test-support';
import { ADMIN_TOKEN, launchAppliance, type BenchAppliance } from '../lib/appliance.js';
import { startCountingProxy, type CountingProxy } from '../lib/counting-proxy.js';
import { figure } from '../lib/figures.js';
import { randomFile } from '../lib/media.js';
import { mean, MiB, seededRandom } from '../lib/stats.js';
import type { Suite, SuiteContext } from '../lib/suite.js';
import { DEFAULT_TUNING } from '../../desktop/src/core/tuning.js';

const CLI_TIMEOUT_MS = 5 * 60_000;

/** `npm run upload`'s entry point (the desktop core from a terminal), in its own process group. */
function startCli(file: string, server: string, stateDir: string): { child: ChildProcess; exited: Promise<number | null>; output(): string } {
  const child = spawn(
    process.execPath,
    // Random bytes, sent again and again: past the CLI's local media check and its duplicate
    // check, and not waiting for the appliance's verdict (it rejects them at validate).
    [
      ...NODE_HEAP_FLOOR_ARGS, '--import', 'tsx', path.join(REPO_ROOT, 'desktop/src/cli/upload.ts'), file,
      '--server', server, '--token', ADMIN_TOKEN, '--state-dir', stateDir, '--json',
      '--upload-unreadable', '--upload-duplicates', '--no-wait',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function finish(run: ReturnType<typeof startCli>): Promise<void> {
  const timer = setTimeout(() => process.kill(-run.child.pid!, 'SIGKILL'), CLI_TIMEOUT_MS);
  const code = await run.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the upload CLI exited with ${code}:\n${run.output()}`);
}

/** Resolves once the proxy has carried `bytes` since its last reset. */
function whenSent(proxy: CountingProxy, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    proxy.onSent = (sent) => {
      if (sent >= bytes) {
        proxy.onSent = null;
        resolve();
      }
    };
  });
}

type Kill = 'client' | 'server';

/** One upload, interrupted once at `killAt` bytes, then resumed to the end; returns bytes sent. */
async function trial(ctx: SuiteContext, kind: Kill, appliance: BenchAppliance, proxy: CountingProxy, file: string, killAt: number): Promise<number> {
  const stateDir = await mkdtemp(path.join(ctx.workDir, 'client-'));
  proxy.reset();
  const first = startCli(file, proxy.url, stateDir);
  const cut = whenSent(proxy, killAt);
  const outcome = await Promise.race([cut.then(() => 'cut' as const), first.exited.then(() => 'exited' as const)]);
  if (outcome === 'exited') throw new Error(`the upload ended before the kill point:\n${first.output()}`);
  if (kind === 'client') {
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    // "Run the same command again after a crash and it continues."
    await finish(startCli(file, proxy.url, stateDir));
  } else {
    await appliance.killAndRestart();
    await finish(first);
  }
  return proxy.sent;
}

export const resumeWaste: Suite = {
  name: 'resume-waste',
  description: 'uploads killed at random points (client SIGKILL; appliance SIGKILL) and resumed: bytes sent / file size',
  async run(ctx) {
    const size = ctx.quick ? 64 * MiB : 256 * MiB;
    const trials = ctx.quick ? 3 : 10;
    const file = await randomFile(path.join(ctx.workDir, 'upload.mp4'), size);
    const random = seededRandom(12);
    const appliance = await launchAppliance();
    const proxy = await startCountingProxy(Number(new URL(appliance.url).port));
    const figures = [];
    const notes = [
      `${trials} uploads of ${size / MiB} MiB per kind, each killed once at a random point (5-95 %, fixed seed) and resumed; client: the upload CLI (desktop core, default ${DEFAULT_TUNING.chunkSize / MiB} MiB chunks) SIGKILLed and run again; server: the appliance SIGKILLed and restarted on the same data dir while the CLI retries`,
      'bytes sent are counted on the wire by a loopback proxy (request headers, status and SSE requests included); filesystem store',
    ];
    try {
      for (const kind of ['client', 'server'] as const) {
        const ratios: number[] = [];
        for (let i = 0; i < trials; i++) {
          const killAt = Math.round(size * (0.05 + 0.9 * random()));
          const sent = await trial(ctx, kind, appliance, proxy, file, killAt);
          ratios.push(sent / size);
          ctx.log(`${kind} kill ${i + 1}/${trials} at ${((killAt / size) * 100).toFixed(0)} %: sent ${(sent / MiB).toFixed(1)} MiB (${(sent / size).toFixed(3)}x)`);
        }
        figures.push(
          figure(`bytes_sent_ratio_${kind}_kill`, {
            value: mean(ratios) * (size / MiB),
            baseline: size / MiB,
            unit: 'MiB sent per upload (mean)',
            better: 'lower',
            note: `worst ${Math.max(...ratios).toFixed(3)}x the file size`,
          }),
        );
      }
    } finally {
      await proxy.close();
      await appliance.dispose();
    }
    return { figures, notes };
  },
};
