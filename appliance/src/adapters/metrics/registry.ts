import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StageQueueStats } from '../../ports/pipeline-queue.js';

/**
 * The appliance's Prometheus registry: process metrics, ingest counters, and the pipeline's
 * queue depth and lag (read from BullMQ at scrape time), stage durations and failures.
 */
export function createMetrics(queueStats?: () => Promise<StageQueueStats[]>, diskFree?: () => Promise<{ path: string; freeBytes: number }[]>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'biblio_' });
  const registers = [registry];
  const uploadsCreated = new Counter({ name: 'biblio_uploads_created_total', help: 'Uploads created over tus', registers });
  const uploadsFinished = new Counter({ name: 'biblio_uploads_finished_total', help: 'Uploads whose last byte arrived', registers });
  const uploadBytes = new Counter({ name: 'biblio_upload_bytes_total', help: 'Bytes of finished uploads', registers });
  const authFailures = new Counter({
    name: 'biblio_auth_failures_total',
    help: 'Requests refused for a missing, malformed, unknown or revoked token',
    labelNames: ['reason'],
    registers,
  });
  const uploadHashChainBreaks = new Counter({
    name: 'biblio_upload_hash_chain_breaks_total',
    help: 'Uploads whose sha256 could not be computed while receiving (validate reads the file once instead), by reason',
    labelNames: ['reason'],
    registers,
  });
  const activeUploads = new Gauge({ name: 'biblio_active_uploads', help: 'tus PATCH requests streaming right now', registers });
  const stageDuration = new Histogram({
    name: 'biblio_stage_duration_seconds',
    help: 'Time a stage attempt took, by outcome',
    labelNames: ['stage', 'outcome'],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 10800],
    registers,
  });
  const stageFailures = new Counter({ name: 'biblio_stage_failures_total', help: 'Stage attempts that threw', labelNames: ['stage', 'final'], registers });
  if (queueStats) {
    // Both gauges read one snapshot per scrape.
    let snapshot: Promise<StageQueueStats[]> | undefined;
    const read = () => (snapshot ??= queueStats().finally(() => setTimeout(() => (snapshot = undefined), 1000)));
    new Gauge({
      name: 'biblio_queue_jobs',
      help: 'Jobs per stage queue and state',
      labelNames: ['stage', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const s of await read().catch(() => [])) {
          for (const [state, n] of Object.entries(s.counts)) this.set({ stage: s.stage, state }, n);
        }
      },
    });
    new Gauge({
      name: 'biblio_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting in each stage queue (queue lag)',
      labelNames: ['stage'],
      registers,
      async collect() {
        this.reset();
        for (const s of await read().catch(() => [])) this.set({ stage: s.stage }, s.oldestWaitingSec);
      },
    });
  }
  if (diskFree) {
    new Gauge({
      name: 'biblio_disk_free_bytes',
      help: 'Free bytes on the disk of each watched path (the data dir)',
      labelNames: ['path'],
      registers,
      async collect() {
        this.reset();
        for (const d of await diskFree().catch(() => [])) this.set({ path: d.path }, d.freeBytes);
      },
    });
  }
  return { registry, authFailures, uploadHashChainBreaks, uploadsCreated, uploadsFinished, uploadBytes, activeUploads, stageDuration, stageFailures };
}
export type Metrics = ReturnType<typeof createMetrics>;
