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
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { NODE_HEAP_FLOOR_ARGS } from '@biblio/test-support';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../src/config/config.js';
import {
  type ComposeFile,
  type Dict,
  ENV_KEYS,
  ROOT,
  SCHEMA_SHA256,
  SECRET_NAME,
  asList,
  biblioServices,
  compose,
  dependsOn,
  envFiles,
  environmentOf,
  imageEnv,
  inRepo,
  interpolatedNames,
  parseEnvFile,
  read,
  services,
  readManifest,
} from './docker-static-support.js';

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
    const broken = structuredClone<ComposeFile>(compose);
    (broken.services['api'] as Dict)['enviroment'] = { BIBLIO_PORT: '8080' };
    expect(validate(broken)).toBe(false);
    const badCondition = structuredClone<ComposeFile>(compose);
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
    // The node flags every launcher passes (test-support's NODE_HEAP_FLOOR_ARGS: a V8 heap floor).
    const node = ['node', ...NODE_HEAP_FLOOR_ARGS, 'appliance/dist/main/appliance.js'].join(' ');
    expect(asList(api.command).join(' ')).toBe(`${node} --role api`);
    expect(asList(worker.command).join(' ')).toBe(`${node} --role worker`);
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

