/**
 * Static checks of the Docker deployment (docker/, .dockerignore, docs/grafana-dashboard.json).
 * No Docker engine runs here, so what a `docker compose up` would reject is checked offline:
 * - docker/compose.yml against the Compose Specification JSON schema, vendored as
 *   docker/compose-spec.schema.json (byte-for-byte `schemas/compose.schema.json` of the npm
 *   package dclint@3.1.0, integrity sha512-afTGdzRFUXK4yCpIiEW/LOR+9TOMEDhNldDp56VCWzn7JDmD451PcUi640GGlMHgbHKJ10rDBm4PtpcBbjqlXw==,
 *   a copy of compose-spec/compose-spec's schema/compose-spec.json), plus what the schema
 *   cannot see: dependencies, volumes, files, healthchecks, image tags, secrets;
 * - every environment variable given to a Biblio container, and every one in docker/.env.example,
 *   against the appliance's own envSchema, with the documented defaults;
 * - the Dockerfile's basics (multi-stage, non-root, HEALTHCHECK, no ADD, no latest, prod deps);
 * - the model manifest against the appliance's model finders, and provision-models.sh itself;
 * - the Grafana dashboard's metric and label names against the appliance's metrics registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/adapters/metrics/registry.js';
import { findEmbeddingModel } from '../../src/adapters/embed/transformers.js';
import { findWhisperModel } from '../../src/adapters/stt/whisper.js';
import {
  compose,
  inRepo,
  read,
  readManifest,
} from './docker-static-support.js';


describe('model provisioning', () => {
  const entries = readManifest();

  it('lists well-formed entries inside the models directory', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.sha256, entry.path).toMatch(/^([0-9a-f]{64}|UNVERIFIED)$/);
      expect(entry.path).not.toMatch(/^\/|\.\./);
      expect(entry.url).toMatch(/^https:\/\/huggingface\.co\/[^\s]+\/resolve\/[^\s]+$/);
    }
  });

  it('provisions a checksummed Whisper model and an embedding model where the appliance looks', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'biblio-models-'));
    try {
      for (const entry of entries) {
        mkdirSync(path.dirname(path.join(dir, entry.path)), { recursive: true });
        writeFileSync(path.join(dir, entry.path), '');
      }
      const whisper = findWhisperModel(dir);
      expect(whisper).toBeDefined();
      const whisperEntry = entries.find((e) => path.join(dir, e.path) === whisper)!;
      expect(whisperEntry.sha256, 'BIBLIO_STT=whisper must work out of the box: a verified model').toMatch(/^[0-9a-f]{64}$/);
      expect(findEmbeddingModel(dir)).toBe(path.join(dir, 'embeddings', 'paraphrase-multilingual-MiniLM-L12-v2'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const tools = ['bash', 'curl', 'sha256sum'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  describe.skipIf(tools.length > 0)(`provision-models.sh${tools.length > 0 ? ` (skipped: ${tools.join(', ')} not installed)` : ''}`, () => {
    let work: string;
    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), 'biblio-provision-'));
      writeFileSync(path.join(work, 'model.bin'), 'weights');
      writeFileSync(path.join(work, 'config.json'), '{}');
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const run = (manifest: string, ...args: string[]) => {
      writeFileSync(path.join(work, 'models.sha256'), manifest);
      return spawnSync('bash', [inRepo('docker/provision-models.sh'), '--dest', path.join(work, 'models'), '--manifest', path.join(work, 'models.sha256'), ...args], {
        encoding: 'utf8',
      });
    };

    it('installs verified files, refuses unverified ones unless trusted on first use', () => {
      const manifest = `# test\n${sha('weights')}  whisper/ggml-t.bin  file://${work}/model.bin\nUNVERIFIED  embeddings/m/config.json  file://${work}/config.json\n`;
      const first = run(manifest);
      expect(first.status, first.stdout + first.stderr).toBe(0);
      expect(readFileSync(path.join(work, 'models/whisper/ggml-t.bin'), 'utf8')).toBe('weights');
      expect(existsSync(path.join(work, 'models/embeddings/m/config.json'))).toBe(false);
      expect(first.stdout).toContain(`Computed sha256: ${sha('{}')}`);
      expect(run(manifest, '--strict').status).toBe(2);

      const trusted = run(manifest, '--trust-on-first-use');
      expect(trusted.status, trusted.stdout).toBe(0);
      expect(readFileSync(path.join(work, 'models/.tofu.sha256'), 'utf8')).toContain(`${sha('{}')}  embeddings/m/config.json`);

      // The recorded sum now guards the file, as the manifest's sum guards the other one.
      writeFileSync(path.join(work, 'models/embeddings/m/config.json'), '{"changed":true}');
      const tampered = run(manifest, '--verify-only');
      expect(tampered.status).toBe(1);
      expect(tampered.stdout).toContain('MISMATCH embeddings/m/config.json');
    });

    it('provisions nothing with BIBLIO_MODELS=none, and only the listed models with a list', () => {
      const manifest = `${sha('something else')}  whisper/ggml-none.bin  file://${work}/model.bin\n${sha('{}')}  embeddings/n/config.json  file://${work}/config.json\n`;
      const none = spawnSync('bash', [inRepo('docker/provision-models.sh'), '--dest', path.join(work, 'none'), '--manifest', path.join(work, 'absent.sha256')], {
        encoding: 'utf8',
        env: { ...process.env, BIBLIO_MODELS: 'none' },
      });
      expect(none.status, none.stdout + none.stderr).toBe(0);
      expect(none.stdout).toContain('BIBLIO_MODELS=none');
      const some = run(manifest, '--models', 'embeddings');
      expect(some.status, some.stdout + some.stderr).toBe(0);
      expect(some.stdout).toContain('skipped  whisper/ggml-none.bin');
      expect(existsSync(path.join(work, 'models/embeddings/n/config.json'))).toBe(true);
      expect(run(manifest, '--models', 'whisper,bogus').status).toBe(64);
    });

    it('never installs a file whose checksum does not match', () => {
      const result = run(`${sha('something else')}  whisper/ggml-bad.bin  file://${work}/model.bin\n`);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('MISMATCH whisper/ggml-bad.bin');
      expect(existsSync(path.join(work, 'models/whisper/ggml-bad.bin'))).toBe(false);
    });

    it('is valid bash', () => {
      for (const script of ['docker/provision-models.sh', 'docker/init-env.sh']) {
        expect(() => execFileSync('bash', ['-n', inRepo(script)])).not.toThrow();
      }
      expect(() => execFileSync('sh', ['-n', inRepo('docker/minio-init.sh')])).not.toThrow();
    });
  });
});

describe('docs/grafana-dashboard.json', () => {
  interface Target {
    expr: string;
    datasource?: { uid?: string };
  }
  interface Panel {
    id: number;
    type: string;
    title: string;
    targets?: Target[];
    datasource?: { uid?: string };
  }
  const dashboard = JSON.parse(read('docs/grafana-dashboard.json')) as {
    uid: string;
    panels: Panel[];
    templating: { list: { name: string; definition: string }[] };
    __inputs: { name: string }[];
  };
  const queries = [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...dashboard.templating.list.map((v) => v.definition),
  ];

  it('is importable: unique panel ids, every query on the Prometheus input', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.__inputs.map((i) => i.name)).toEqual(['DS_PROMETHEUS']);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('${DS_PROMETHEUS}');
    }
  });

  it('queries only metrics and labels the appliance exports', async () => {
    const metrics = createMetrics(async () => [
      { stage: 'validate', counts: { waiting: 1, active: 0, delayed: 0, failed: 0, completed: 0, 'waiting-children': 0 }, oldestWaitingSec: 3 },
    ]);
    const exported = new Map<string, Set<string>>();
    for (const metric of await metrics.registry.getMetricsAsJSON()) {
      const labelNames = (metrics.registry.getSingleMetric(metric.name) as unknown as { labelNames?: string[] }).labelNames ?? [];
      const labels = new Set([...labelNames, 'instance', 'job']);
      if (String(metric.type) === 'histogram') labels.add('le');
      exported.set(metric.name, labels);
    }
    const seen = new Set<string>();
    for (const query of queries) {
      for (const [, name, suffix] of query.matchAll(/\b(biblio_[a-z0-9_]+?)(_bucket|_sum|_count)?\b(?![a-z0-9_])/g)) {
        const base = exported.has(`${name}${suffix ?? ''}`) ? `${name}${suffix ?? ''}` : name!;
        expect(exported.has(base), `${base} in: ${query}`).toBe(true);
        seen.add(base);
        // Label names in {matchers} right after the metric must exist on it.
        const selector = new RegExp(`${base}(?:_bucket|_sum|_count)?\\{([^}]*)\\}`).exec(query)?.[1];
        for (const [, label] of (selector ?? '').matchAll(/([a-z_]+)\s*(?:=~|!=|!~|=)/g)) {
          expect(exported.get(base)!.has(label!), `${base} has label ${label}`).toBe(true);
        }
      }
    }
    for (const wanted of [
      'biblio_uploads_created_total',
      'biblio_uploads_finished_total',
      'biblio_upload_bytes_total',
      'biblio_active_uploads',
      'biblio_queue_jobs',
      'biblio_queue_oldest_waiting_seconds',
      'biblio_stage_duration_seconds',
      'biblio_stage_failures_total',
      'biblio_process_cpu_seconds_total',
      'biblio_process_resident_memory_bytes',
    ]) {
      expect(seen, wanted).toContain(wanted);
    }
  });
});

describe('docs/deploy.md', () => {
  const text = read('docs/deploy.md');

  it('refers only to files that exist', () => {
    const paths = new Set([...text.matchAll(/\b((?:docker|appliance|docs|scripts)\/[A-Za-z0-9_./-]+\.(?:ts|sh|mjs|yml|json|md|sha256|example))\b/g)].map((m) => m[1]!));
    paths.delete('docker/compose.override.yml'); // the operator's own file, created by following the guide
    expect(paths.size).toBeGreaterThan(0);
    for (const file of paths) expect(existsSync(inRepo(file)), file).toBe(true);
  });

  it('uses the services of compose.yml', () => {
    for (const [, name] of text.matchAll(/docker compose -f docker\/compose\.yml (?:exec|logs|run --rm|restart|stop|start) (?:-T )?([a-z][a-z0-9-]*)/g)) {
      expect(Object.keys(compose.services), name).toContain(name);
    }
  });
});
