import { readdir, rm } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import path from 'node:path';
import {
  ADMIN_TOKEN,
  api,
  createUpload,
  embeddedRedisPid,
  fixtureDir,
  headOffset,
  patch,
  removeApplianceData,
  sha256,
  slowPatch,
  startAppliance,
  talkingAudio,
  talkingVideo,
  tempDir,
  waitFor,
  type ApplianceProcess,
} from '@biblio/test-support';
import { probeStorage, storedSha256 } from '../integration/harness/storage-probe.js';

/** How many times each fault is injected at a random point (`npm run test:hardening -- --full`: 20). */
export const REPEATS = Math.max(1, Number(process.env['BIBLIO_HARDENING_REPEATS'] ?? 5));

export const SETTLED = ['READY', 'REJECTED', 'FAILED', 'EXPIRED', 'DELETED'];

export function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Recordings made once per test file with FFmpeg's flite voice. */
export interface Clips {
  dir: string;
  video: Buffer;
  audio: Buffer;
}

export async function makeClips(): Promise<Clips> {
  const dir = await fixtureDir();
  const video = await talkingVideo(dir, [{ text: 'Nothing is lost when the power fails.', atSec: 0.3 }], { seconds: 4, width: 320, height: 180 });
  const audio = await talkingAudio(dir, [{ text: 'The queue comes back.', atSec: 0.2 }], 3);
  return { dir, video: video.bytes, audio: audio.bytes };
}

/**
 * One appliance on one data dir, restarted as often as a test injects faults. Keeps the media it
 * uploaded (and their sha256), so every test can ask at the end: did anything get lost?
 */
export class FaultLab {
  app!: ApplianceProcess;
  readonly expected = new Map<string, string>();

  private constructor(
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async open(env: Record<string, string> = {}, dataDir?: string): Promise<FaultLab> {
    const lab = new FaultLab(dataDir ?? (await tempDir('biblio-faults-')), {
      BIBLIO_BACKOFF_SCALE: '0.05',
      BIBLIO_LOG_LEVEL: 'info',
      ...env,
    });
    await lab.start();
    return lab;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.app = await startAppliance({ dataDir: this.dataDir, ownGroup: true, env: { ...this.env, ...extraEnv } });
  }

  get url(): string {
    return this.app.url;
  }

  /** Creates and sends a whole upload; remembers its sha256. */
  async upload(bytes: Buffer, filename: string, filetype = filename.endsWith('.mp3') ? 'audio/mpeg' : 'video/mp4'): Promise<string> {
    const created = await createUpload(this.url, ADMIN_TOKEN, bytes.length, { filename, filetype }, {}, bytes);
    if (created.status !== 201 || !created.mediaId) throw new Error(`upload of ${filename} answered ${created.status}: ${created.body}`);
    this.expected.set(created.mediaId, sha256(bytes));
    return created.mediaId;
  }

  /** Creates an upload without a body; remembers its sha256. */
  async create(bytes: Buffer, filename: string): Promise<string> {
    const created = await createUpload(this.url, ADMIN_TOKEN, bytes.length, { filename, filetype: 'video/mp4' });
    if (created.status !== 201 || !created.mediaId) throw new Error(`create answered ${created.status}: ${created.body}`);
    this.expected.set(created.mediaId, sha256(bytes));
    return created.mediaId;
  }

  /** Streams the rest of `bytes` slowly and runs `fault` once `afterBytes` more were sent. */
  async sendUntil(id: string, bytes: Buffer, afterBytes: number, fault: () => void): Promise<void> {
    const offset = (await headOffset(this.url, ADMIN_TOKEN, id)).offset ?? 0;
    await slowPatch(this.url, ADMIN_TOKEN, id, offset, bytes, {
      sliceBytes: 8 * 1024,
      pauseMs: 4,
      afterBytes,
      interrupt: () => fault(),
    });
  }

  /** Resumes from the server's offset and sends the rest. */
  async resume(id: string, bytes: Buffer): Promise<void> {
    const head = await headOffset(this.url, ADMIN_TOKEN, id);
    if (head.status !== 200 || head.offset === undefined) throw new Error(`HEAD after restart answered ${head.status}`);
    if (head.offset >= bytes.length) return;
    const res = await patch(this.url, ADMIN_TOKEN, id, head.offset, bytes.subarray(head.offset));
    if (res.status !== 204) throw new Error(`resume PATCH answered ${res.status}: ${res.body}`);
  }

  async media(id: string): Promise<{ status: string; error: string | null; stages: Record<string, { status: string; error: string | null }> } | undefined> {
    const res = await api(this.url, ADMIN_TOKEN, `/api/media/${id}`);
    return res.status === 200 ? res.json : undefined;
  }

  /** Waits for `predicate` on one media's stages (e.g. a stage running). */
  async waitStage(id: string, what: string, predicate: (stages: Record<string, { status: string }>) => boolean, timeoutMs = 60_000) {
    return waitFor(what, async () => predicate((await this.media(id))?.stages ?? {}), timeoutMs);
  }

  /** Waits until every remembered media settled; returns id -> final status. */
  async settle(ids: Iterable<string> = this.expected.keys(), timeoutMs = 180_000): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const pending = new Set(ids);
    const deadline = Date.now() + timeoutMs;
    while (pending.size > 0 && Date.now() < deadline) {
      for (const id of [...pending]) {
        const media = await this.media(id).catch(() => undefined);
        if (media && SETTLED.includes(media.status)) {
          result.set(id, media.status);
          pending.delete(id);
        }
      }
      if (pending.size > 0) await sleep(500);
    }
    for (const id of pending) result.set(id, (await this.media(id).catch(() => undefined))?.status ?? 'missing');
    return result;
  }

  /** Media of `ids` that did not end READY with the exact bytes sent: each one is lost. */
  async lost(ids: Iterable<string>, timeoutMs?: number): Promise<{ id: string; why: string }[]> {
    const statuses = await this.settle(ids, timeoutMs);
    const storage = probeStorage(this.dataDir, undefined);
    const owner = (await api(this.url, ADMIN_TOKEN, '/api/me')).json.id as string;
    const lost: { id: string; why: string }[] = [];
    for (const [id, status] of statuses) {
      if (status !== 'READY') {
        const media = await this.media(id);
        lost.push({ id, why: `${status}: ${media?.error ?? JSON.stringify(media?.stages)}` });
        continue;
      }
      const stored = await storedSha256(storage, `uploads/${owner}/${id}`).catch((e: Error) => e.message);
      if (stored !== this.expected.get(id)) lost.push({ id, why: `stored bytes differ (${stored})` });
    }
    return lost;
  }

  /** Sends `signal` to the whole process group; resolves with the exit code and how long it took. */
  async signalGroup(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    this.app.signalGroup(signal);
    const code = await this.app.exited;
    return { code, ms: Date.now() - started };
  }

  async kill(): Promise<void> {
    await this.app.kill();
  }

  redisPid(): Promise<number> {
    return embeddedRedisPid(this.dataDir);
  }

  /** What the sweeper and restarts must have left behind: nothing. */
  async leftovers(): Promise<string[]> {
    const found: string[] = [];
    const stages = path.join(this.dataDir, 'tmp', 'stages');
    for (const entry of await readdir(stages).catch(() => [] as string[])) found.push(`temp folder tmp/stages/${entry}`);
    const listed = ((await api(this.url, ADMIN_TOKEN, '/api/media')).json?.media ?? []) as { id: string; status: string }[];
    const ids = new Set(listed.map((m) => m.id));
    const storage = path.join(this.dataDir, 'storage');
    for (const top of ['uploads', 'media']) {
      for (const owner of await readdir(path.join(storage, top)).catch(() => [] as string[])) {
        for (const entry of await readdir(path.join(storage, top, owner)).catch(() => [] as string[])) {
          if (entry.includes('.partial-')) found.push(`partial file ${top}/${owner}/${entry}`);
          const id = entry.replace(/\.json$/, '');
          if (!ids.has(id)) found.push(`object of unknown media ${top}/${owner}/${entry}`);
        }
      }
    }
    for (const m of listed) if (['UPLOADED', 'PROCESSING'].includes(m.status)) found.push(`media ${m.id} still ${m.status}`);
    return found;
  }

  async close(): Promise<void> {
    if (this.app && this.app.child.exitCode === null && this.app.child.signalCode === null) await this.app.stop();
    await removeApplianceData(this.dataDir);
  }
}

/**
 * A lab and its clips for one describe block: opened before its tests, closed after them. Read
 * `lab` and `clips` inside the tests (they exist once the block's beforeAll ran).
 */
export function useFaultLab(env: () => Record<string, string> = () => ({})): { readonly lab: FaultLab; readonly clips: Clips } {
  let lab: FaultLab | undefined;
  let clips: Clips | undefined;
  beforeAll(async () => {
    clips = await makeClips();
    lab = await FaultLab.open(env());
  });
  afterAll(async () => {
    await lab?.close();
    if (clips) await rm(clips.dir, { recursive: true, force: true });
  });
  return {
    get lab() {
      return lab!;
    },
    get clips() {
      return clips!;
    },
  };
}
