import { createHash } from 'node:crypto';
import { sniffContainer, SNIFF_BYTES } from '../../domain/magic.js';
import type { MediaRecord } from '../../domain/media.js';
import { decideMedia, type ProbeReport } from '../../domain/media-probe.js';
import { isVerdictAboutFile } from '../../domain/tool-failure.js';
import type { UploadStorage } from '../../ports/upload-storage.js';
import type { PipelineDeps, StageContext, StageProcessor } from '../stage-context.js';
import { tailDecodeCommand } from '../ffmpeg-commands.js';

async function readHead(storage: UploadStorage, key: string, bytes: number): Promise<Buffer> {
  const stream = await storage.read(key);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= bytes) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, bytes);
}

/**
 * The fallback for an upload whose sha256 could not be computed while it was received (its chain
 * of requests broke: see services/upload-digests.ts): read the stored file once. Runs here, in a
 * durable and retried stage, rather than in the finish hook, where a long read would hold up the
 * client's last PATCH response and be lost with the process.
 */
async function fillInSha256(deps: PipelineDeps, media: MediaRecord, { signal, log }: Pick<StageContext, 'signal' | 'log'>): Promise<void> {
  if (media.sha256 !== null) return;
  const started = Date.now();
  const hash = createHash('sha256');
  const stream = await deps.uploads.read(media.objectKey);
  signal.addEventListener('abort', () => stream.destroy(new Error('aborted')), { once: true });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  await deps.db.media.recordSha256(media.id, hash.digest('hex'));
  log.warn({ mediaId: media.id, bytes: media.size, ms: Date.now() - started }, 'sha256 computed by reading the upload again (its receive-time hash chain was broken)');
}

/**
 * Runs a tool whose failure may be a verdict on the file. Only a run that completed and said
 * the input is bad becomes `{ verdict }`; an interruption (signal, abort, shutdown), a missing
 * binary or an I/O error is thrown, so the stage is retried and the upload is never lost.
 */
async function verdictOf<T>(run: () => Promise<T>): Promise<{ value: T } | { verdict: Error }> {
  try {
    return { value: await run() };
  } catch (error) {
    if (isVerdictAboutFile(error)) return { verdict: error };
    throw error;
  }
}

/**
 * validate: magic bytes and ffprobe decide what the file is; the declared name and type don't.
 * A file that is not media is REJECTED with a reason the owner can read (no retries: retrying
 * cannot make random bytes a video). Known-good media moves to PROCESSING; the stage runner then
 * publishes the stages that follow validate in the stage graph.
 */
export function validateProcessor(deps: PipelineDeps): StageProcessor {
  return async (ctx) => {
    const { media, signal } = ctx;
    await fillInSha256(deps, media, ctx);
    const head = media.size > 0 ? await readHead(deps.uploads, media.objectKey, SNIFF_BYTES) : Buffer.alloc(0);
    const container = sniffContainer(head);
    const input = await deps.uploads.mediaInput(media.objectKey, 3600);
    let probe: ProbeReport | Error = new Error('not probed');
    if (container) {
      const probed = await verdictOf(() => deps.mediaTool.probe(input, { signal }));
      probe = 'value' in probed ? probed.value : probed.verdict;
    }
    ctx.progress(50);
    const outcome = decideMedia(media.size, container, probe);
    if (!outcome.ok) return { status: 'rejected', reason: outcome.reason };
    // Decoding the last seconds catches files cut short after a valid header.
    const decoded = await verdictOf(() => deps.mediaTool.run(tailDecodeCommand(input), { signal }));
    if ('verdict' in decoded) {
      return { status: 'rejected', reason: `The media is truncated or damaged near its end (${decoded.verdict.message.slice(0, 200)}).` };
    }
    await deps.processing.recordFacts(media.id, outcome.facts);
    await deps.db.media.transition(media.id, 'PROCESSING');
    return { status: 'done' };
  };
}
