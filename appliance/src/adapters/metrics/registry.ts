import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** The appliance's Prometheus registry: process metrics plus ingest counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'biblio_' });
  const uploadsCreated = new Counter({
    name: 'biblio_uploads_created_total',
    help: 'Uploads created over tus',
    registers: [registry],
  });
  const uploadsFinished = new Counter({
    name: 'biblio_uploads_finished_total',
    help: 'Uploads whose last byte arrived',
    registers: [registry],
  });
  const uploadBytes = new Counter({
    name: 'biblio_upload_bytes_total',
    help: 'Bytes of finished uploads',
    registers: [registry],
  });
  return { registry, uploadsCreated, uploadsFinished, uploadBytes };
}
export type Metrics = ReturnType<typeof createMetrics>;
