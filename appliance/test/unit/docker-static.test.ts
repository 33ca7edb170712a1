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
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../src/config/config.js';
import { createMetrics } from '../../src/adapters/metrics/registry.js';
import { findEmbeddingModel } from '../../src/adapters/embed/transformers.js';
import { findWhisperModel } from '../../src/adapters/stt/whisper.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const inRepo = (...parts: string[]) => path.join(ROOT, ...parts);
const read = (...parts: string[]) => readFileSync(inRepo(...parts), 'utf8');

// js-yaml 4 (YAML 1.2 with merge keys, as compose-go reads them). It ships no types.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(source: string): unknown };

const SCHEMA_SHA256 = '46b7d35f19dd93a05f8fea530291bf84d881c1791ec167ecf0e6fb94e639d496';
const ENV_KEYS = new Set(Object.keys(envSchema.shape));
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE/i;

type Dict = Record<string, unknown>;
interface Service extends Dict {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Dict | string[];
  env_file?: string | (string | { path: string })[];
  depends_on?: string[] | Record<string, { condition: string }>;
  volumes?: (string | { type: string; source?: string; target: string })[];
  ports?: unknown[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  profiles?: string[];
  restart?: string;
  container_name?: string;
  deploy?: Dict;
}
interface ComposeFile {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = yaml.load(read('docker/compose.yml')) as ComposeFile;
const services = Object.entries(compose.services);
/** Services that run the Biblio image (the one docker/Dockerfile builds). */
const biblioServices = services.filter(
  ([, s]) => s.image?.startsWith('biblio/appliance') || (typeof s.build === 'object' && s.build.dockerfile === 'docker/Dockerfile'),
);

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
function envFiles(service: Service): string[] {
  return (Array.isArray(service.env_file) ? service.env_file : service.env_file ? [service.env_file] : []).map((f) =>
    typeof f === 'string' ? f : f.path,
  );
}
function environmentOf(service: Service): Record<string, string | undefined> {
  const env = service.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => {
      const i = entry.indexOf('=');
      return i === -1 ? [entry, undefined] : [entry.slice(0, i), entry.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? undefined : String(v)]));
}
function dependsOn(service: Service): Record<string, string> {
  const deps = service.depends_on;
  if (!deps) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition]));
}
/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}`... in any value (keys too) of a YAML tree. */
function interpolatedNames(node: unknown): string[] {
  if (typeof node === 'string') return [...node.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  if (Array.isArray(node)) return node.flatMap(interpolatedNames);
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => [...interpolatedNames(k), ...interpolatedNames(v)]);
  return [];
}

/** NAME=value lines of an env file; `documented` also counts commented `# NAME=value` lines. */
function parseEnvFile(text: string): { active: Map<string, string>; commented: Map<string, string>; order: string[] } {
  const active = new Map<string, string>();
  const commented = new Map<string, string>();
  const order: string[] = [];
  for (const line of text.split('\n')) {
    const on = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    const off = /^#\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (on) {
      active.set(on[1]!, on[2]!);
      order.push(on[1]!);
    } else if (off) {
      commented.set(off[1]!, off[2]!);
      order.push(off[1]!);
    }
  }
  return { active, commented, order };
}

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
  line: number;
}
/** Dockerfile instructions with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let buffer = '';
  let start = 0;
  let stage = -1;
  text.split('\n').forEach((line, index) => {
    if (/^\s*#/.test(line) || (buffer === '' && line.trim() === '')) return;
    if (buffer === '') start = index + 1;
    if (/\\\s*$/.test(line)) {
      buffer += `${line.replace(/\\\s*$/, '')} `;
      return;
    }
    buffer += line;
    const match = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(buffer);
    buffer = '';
    if (!match) return;
    const keyword = match[1]!.toUpperCase();
    if (keyword === 'FROM') stage += 1;
    out.push({ keyword, args: match[2]!.replace(/\s+/g, ' ').trim(), stage, line: start });
  });
  return out;
}
function envPairs(args: string): [string, string][] {
  return args.split(' ').filter(Boolean).map((pair) => {
    const i = pair.indexOf('=');
    return [pair.slice(0, i), pair.slice(i + 1)];
  });
}

const dockerfile = parseDockerfile(read('docker/Dockerfile'));
const globalArgs = new Map(
  dockerfile.filter((i) => i.keyword === 'ARG' && i.stage === -1).map((i) => {
    const [name, value = ''] = i.args.split('=');
    return [name!, value];
  }),
);
const finalStage = Math.max(...dockerfile.map((i) => i.stage));
const finalInstructions = dockerfile.filter((i) => i.stage === finalStage);
/** ENV of the final stage: the container's defaults before compose adds anything. */
const imageEnv = new Map(finalInstructions.filter((i) => i.keyword === 'ENV').flatMap((i) => envPairs(i.args)));

describe('docker/compose.yml against the Compose Specification schema', () => {
  const schemaText = read('docker/compose-spec.schema.json');
  // The schema names its draft as https://json-schema.org/draft-07/schema, a spelling Ajv does
  // not map to its built-in draft-07 meta-schema: drop it, Ajv's default is draft-07 (and
  // compile() still checks the schema against that meta-schema).
  const { $schema: draft, ...schema } = JSON.parse(schemaText) as { $schema: string };
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const explain = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');

  it('uses the vendored schema unchanged', () => {
    expect(createHash('sha256').update(schemaText).digest('hex')).toBe(SCHEMA_SHA256);
    expect(draft).toMatch(/draft-07/);
  });

  it('is valid', () => {
    const valid = validate(compose);
    expect(explain(validate.errors), 'schema errors').toBe('');
    expect(valid).toBe(true);
  });

  it('catches mistakes (the check is not vacuous)', () => {
    const broken = structuredClone(compose) as ComposeFile;
    (broken.services['api'] as Dict)['enviroment'] = { BIBLIO_PORT: '8080' };
    expect(validate(broken)).toBe(false);
    const badCondition = structuredClone(compose) as ComposeFile;
    badCondition.services['api']!.depends_on = { postgres: { condition: 'service_ready' } };
    expect(validate(badCondition)).toBe(false);
  });
});

describe('docker/compose.yml services', () => {
  it('has the services of the single-host deployment', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'minio', 'minio-init', 'models', 'postgres', 'redis', 'whisper-gpu', 'worker'].sort(),
    );
    expect(compose.services['postgres']!.image).toBe('pgvector/pgvector:pg16');
    expect(asList(compose.services['redis']!.command).join(' ')).toMatch(/redis-server .*--appendonly yes/);
    expect(compose.services['minio-init']!.image).toMatch(/^minio\/mc:RELEASE\./);
  });

  it('runs the api and worker roles of one image, the worker scalable', () => {
    const api = compose.services['api']!;
    const worker = compose.services['worker']!;
    expect(api.image).toBe(worker.image);
    expect(asList(api.command).join(' ')).toBe('node --import tsx appliance/src/main/appliance.ts --role api');
    expect(asList(worker.command).join(' ')).toBe('node --import tsx appliance/src/main/appliance.ts --role worker');
    expect(api.ports?.length).toBeGreaterThan(0);
    // --scale worker=N needs no fixed host port and no fixed container name.
    expect(worker.ports).toBeUndefined();
    expect(worker.container_name).toBeUndefined();
  });

  it('starts the appliance only on healthy infrastructure and provisioned models', () => {
    for (const name of ['api', 'worker']) {
      expect(dependsOn(compose.services[name]!)).toEqual({
        postgres: 'service_healthy',
        redis: 'service_healthy',
        'minio-init': 'service_completed_successfully',
        models: 'service_completed_successfully',
      });
    }
  });

  it('depends only on defined services, with conditions those services can meet', () => {
    for (const [name, service] of services) {
      for (const [dependency, condition] of Object.entries(dependsOn(service))) {
        const target = compose.services[dependency];
        expect(target, `${name} depends on ${dependency}`).toBeDefined();
        // A service in a profile is absent unless that profile is on: depending on it breaks `up`.
        if (!service.profiles) expect(target!.profiles, `${name} depends on profile-only ${dependency}`).toBeUndefined();
        if (condition === 'service_healthy') {
          const own = target!.healthcheck;
          const fromImage = biblioServices.some(([n]) => n === dependency);
          expect(Boolean((own && !own.disable && own.test) || fromImage), `${dependency} needs a healthcheck`).toBe(true);
        }
        if (condition === 'service_completed_successfully') {
          expect(target!.restart, `${dependency} is a one-shot`).toBe('no');
        }
      }
    }
  });

  it('gives every long-running service a healthcheck and a restart policy', () => {
    for (const [name, service] of services) {
      if (service.restart === 'no') continue;
      const image = biblioServices.some(([n]) => n === name);
      expect(Boolean(image || (service.healthcheck?.test && !service.healthcheck.disable)), `${name} healthcheck`).toBe(true);
      expect(service.restart, `${name} restart`).toBe('unless-stopped');
    }
  });

  it('declares every named volume and finds every bind-mounted file', () => {
    const declared = new Set(Object.keys(compose.volumes ?? {}));
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? (volume.includes(':') ? volume.split(':')[0]! : undefined) : volume.source;
        if (!source) continue; // an anonymous volume
        if (source.startsWith('.') || source.startsWith('/')) {
          expect(existsSync(path.resolve(inRepo('docker'), source)), `${name}: ${source}`).toBe(true);
        } else {
          expect(declared.has(source), `${name}: volume ${source} is declared`).toBe(true);
        }
      }
    }
  });

  it('pins every image to a tag, never latest', () => {
    for (const [name, service] of services) {
      if (!service.image) continue;
      const tag = /:([^/:@]+)(@sha256:[0-9a-f]{64})?$/.exec(service.image)?.[1];
      expect(tag, `${name}: ${service.image} has a tag`).toBeDefined();
      expect(tag, `${name}: ${service.image}`).not.toBe('latest');
    }
  });

  it('builds the Biblio image from files that exist', () => {
    expect(biblioServices.map(([n]) => n).sort()).toEqual(['api', 'models', 'worker']);
    for (const [name, service] of biblioServices) {
      expect(typeof service.build, name).toBe('object');
      const build = service.build as { context: string; dockerfile: string };
      const context = path.resolve(inRepo('docker'), build.context);
      expect(context).toBe(ROOT);
      expect(existsSync(path.join(context, build.dockerfile))).toBe(true);
    }
  });

  it('passes the Biblio containers only variables the appliance reads, and no inline secret', () => {
    for (const [name, service] of biblioServices) {
      for (const key of Object.keys(environmentOf(service))) {
        expect(ENV_KEYS.has(key), `${name}: ${key} is in envSchema`).toBe(true);
      }
      for (const file of envFiles(service)) {
        expect(file, `${name} reads the appliance's env file only`).toBe('.env');
      }
    }
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (SECRET_NAME.test(key)) expect(value, `${name}: ${key} must come from an env file`).toMatch(/^\$\{[A-Z0-9_]+(:[?-][^}]*)?\}$/);
      }
    }
  });

  it('takes every ${VAR} it interpolates from docker/.env, which holds appliance variables only', () => {
    const { active } = parseEnvFile(read('docker/.env.example'));
    const names = interpolatedNames(compose);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(ENV_KEYS.has(name), `${name} is an appliance variable`).toBe(true);
      expect(active.has(name), `${name} is set in .env.example`).toBe(true);
    }
  });

  it('has an example for every env file it reads', () => {
    for (const [name, service] of services) {
      for (const file of envFiles(service)) {
        const example = file === '.env' ? '.env.example' : file.replace(/\.env$/, '.env.example');
        expect(existsSync(inRepo('docker', example)), `${name}: docker/${example}`).toBe(true);
      }
    }
  });

  it('keeps infrastructure credentials out of the appliance environment', () => {
    const stack = parseEnvFile(read('docker/stack.env.example'));
    for (const key of stack.order) expect(ENV_KEYS.has(key), `${key} is not an appliance variable`).toBe(false);
    for (const [name, service] of biblioServices) expect(envFiles(service), name).not.toContain('stack.env');
    const ignored = read('docker/.gitignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'stack.env']));
  });

  it('offers GPU speech-to-text as an opt-in profile speaking the http engine', () => {
    const gpu = compose.services['whisper-gpu']!;
    expect(gpu.profiles).toEqual(['gpu']);
    expect(JSON.stringify(gpu.deploy)).toMatch(/"capabilities":\["gpu"\]/);
    const command = asList(gpu.command).join(' ');
    expect(command).toContain('--inference-path /v1/audio/transcriptions');
    const model = /--model (\S+)/.exec(command)?.[1];
    const manifestPaths = readManifest().map((e) => `/models/${e.path}`);
    expect(manifestPaths).toContain(model);
    expect(envSchema.shape.BIBLIO_STT.parse('http')).toBe('http');
    expect(read('docker/.env.example')).toMatch(/BIBLIO_STT_URL=http:\/\/whisper-gpu:8080/);
  });
});

describe('docker/.env.example', () => {
  const text = read('docker/.env.example');
  const { active, commented, order } = parseEnvFile(text);

  it('documents every variable of envSchema exactly once, and nothing else', () => {
    expect([...order].sort()).toEqual([...ENV_KEYS].sort());
  });

  it('shows, on commented lines, the default that applies in the container', () => {
    for (const [key, value] of commented) {
      const field = envSchema.shape[key as keyof typeof envSchema.shape];
      const effectiveDefault = imageEnv.get(key); // undefined: the schema's own default
      expect(field.parse(value), `${key}=${value}`).toEqual(field.parse(effectiveDefault));
    }
  });

  it('is a configuration the split roles accept (with the placeholders filled in)', () => {
    const env: Record<string, string> = Object.fromEntries(imageEnv);
    for (const [key, value] of active) env[key] = value.replaceAll(/CHANGE_ME_[A-Z0-9_]+/g, 'x'.repeat(32));
    const config = loadConfig(env);
    expect(config.databaseUrl).toMatch(/^postgres:\/\/biblio:x+@postgres:5432\/biblio$/);
    expect(config.redisUrl).toBe('redis://redis:6379');
    expect(config.s3?.endpoint).toBe('http://minio:9000');
    expect(config.host).toBe('0.0.0.0');
    expect(config.modelsDir).toBe('/models');
  });

  it('holds no real secret: only CHANGE_ME placeholders or nothing', () => {
    for (const [key, value] of [...active, ...commented]) {
      if (SECRET_NAME.test(key)) expect(value, key).toMatch(/^(CHANGE_ME_[A-Z0-9_]+)?$/);
    }
    expect(active.get('DATABASE_URL')).toContain('CHANGE_ME_POSTGRES_PASSWORD');
    expect(read('docker/stack.env.example')).toContain('POSTGRES_PASSWORD=CHANGE_ME_POSTGRES_PASSWORD');
  });
});

describe('docker/Dockerfile', () => {
  it('is multi-stage on Node 22 LTS slim, with no latest tag', () => {
    const froms = dockerfile.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(globalArgs.get('NODE_IMAGE')).toBe('node:22-bookworm-slim');
    for (const from of froms) {
      const image = from.args.split(' ')[0]!.replace(/\$\{(\w+)\}/g, (_m, name: string) => globalArgs.get(name) ?? '');
      expect(image, `FROM at line ${from.line}`).toMatch(/^[^:]+:[^:]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
    expect(froms.at(-1)!.args).toMatch(/ AS runtime$/i);
  });

  it('runs as a non-root user, with a HEALTHCHECK on /healthz', () => {
    const users = finalInstructions.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.args).not.toMatch(/^(root|0)(:|$)/);
    const healthcheck = finalInstructions.find((i) => i.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toContain('/app/docker/healthcheck.mjs');
    expect(read('docker/healthcheck.mjs')).toContain('/healthz');
    const cmd = finalInstructions.find((i) => i.keyword === 'CMD')!;
    expect(cmd.args).toContain('"node", "--import", "tsx", "appliance/src/main/appliance.ts", "--role"');
  });

  it('bakes in no secret: no ADD, no secret-looking ARG or ENV, no secret file copied', () => {
    expect(dockerfile.filter((i) => i.keyword === 'ADD')).toEqual([]);
    for (const i of dockerfile.filter((x) => x.keyword === 'ENV' || x.keyword === 'ARG')) {
      for (const [name] of i.keyword === 'ENV' ? envPairs(i.args) : [[i.args.split('=')[0]!]]) {
        expect(name, `line ${i.line}`).not.toMatch(SECRET_NAME);
      }
    }
    for (const copy of dockerfile.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(' ').slice(0, -1);
      for (const source of sources) {
        expect(source).not.toMatch(/(^|\/)(\.env|\.npmrc|stack\.env)|\.(pem|key)$/);
        expect(existsSync(inRepo(source)), `COPY ${source}`).toBe(true);
      }
    }
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignore).toEqual(expect.arrayContaining(['.git', '**/.env', '**/*.env', '**/.npmrc', '**/node_modules', 'data']));
  });

  it('installs production dependencies only, tsx at the lockfile version, no CUDA download', () => {
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const npmCommands = runs.flatMap((r) => r.split(/&&|\|\||;|\{|\}/)).map((c) => c.trim()).filter((c) => /^npm (ci|install)\b/.test(c));
    expect(npmCommands.length).toBeGreaterThanOrEqual(2);
    for (const command of npmCommands) expect(command, command).toContain('--omit=dev');
    expect(runs.join('\n')).toContain("require('./package-lock.json').packages['node_modules/tsx'].version");
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/tsx']?.version).toMatch(/^\d+\.\d+\.\d+/);
    const depsEnv = new Map(dockerfile.filter((i) => i.keyword === 'ENV' && i.stage === 0).flatMap((i) => envPairs(i.args)));
    expect(depsEnv.get('ONNXRUNTIME_NODE_INSTALL')).toBe('skip');
  });

  it('installs the tools the appliance runs, and sets only appliance variables', () => {
    const apt = finalInstructions.filter((i) => i.keyword === 'RUN' && i.args.includes('apt-get install')).map((i) => i.args).join(' ');
    for (const pkg of ['ffmpeg', 'pocketsphinx', 'pocketsphinx-en-us', 'libgomp1']) expect(apt.split(' ')).toContain(pkg);
    for (const key of imageEnv.keys()) {
      if (key !== 'NODE_ENV') expect(ENV_KEYS.has(key), `ENV ${key}`).toBe(true);
    }
    expect(imageEnv.get('BIBLIO_HOST')).toBe('0.0.0.0');
  });
});

interface ManifestEntry {
  sha256: string;
  path: string;
  url: string;
}
function readManifest(text = read('docker/models.sha256')): ManifestEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [sha256 = '', file = '', url = '', ...rest] = line.trim().split(/\s+/);
      expect(rest, line).toEqual([]);
      return { sha256, path: file, url };
    });
}

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
