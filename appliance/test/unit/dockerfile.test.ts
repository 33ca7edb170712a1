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
import { existsSync } from 'node:fs';
import { NODE_HEAP_FLOOR_ARGS } from '@biblio/test-support';
import { describe, expect, it } from 'vitest';
import {
  ENV_KEYS,
  SECRET_NAME,
  dockerfile,
  envPairs,
  finalInstructions,
  globalArgs,
  imageEnv,
  inRepo,
  read,
} from './docker-static-support.js';

describe('docker/Dockerfile', () => {
  it('is multi-stage on Node 22 LTS slim, with no latest tag', () => {
    const froms = dockerfile.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(globalArgs.get('NODE_IMAGE')).toBe('node:22-bookworm-slim');
    const stageNames = new Set(froms.map((from) => / AS (\S+)$/i.exec(from.args)?.[1]));
    for (const from of froms) {
      if (stageNames.has(from.args.split(' ')[0])) continue; // built on an earlier stage
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
    expect(cmd.args).toContain(`"node", ${NODE_HEAP_FLOOR_ARGS.map((a) => `"${a}"`).join(', ')}, "appliance/dist/main/appliance.js", "--role"`);
  });

  it('npm start and the npm scripts that run the appliance or an uploader pass the node flags the image does (the V8 heap floor)', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const arg of NODE_HEAP_FLOOR_ARGS) {
      for (const name of ['appliance', 'upload', 'desktop:host', 'bench']) expect(scripts[name], name).toContain(`node ${arg} `);
      // The appliance, the desktop host and Electron (--js-flags: its main process uploads).
      expect(read('scripts/start.ts').split(`'${arg}'`).length - 1).toBe(2);
      expect(read('scripts/start.ts')).toContain(`--js-flags=${arg}`);
    }
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

  it('installs production dependencies only, no CUDA download', () => {
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const npmCommands = runs.flatMap((r) => r.split(/&&|\|\||;|\{|\}/)).map((c) => c.trim()).filter((c) => /^npm (ci|install)\b/.test(c));
    expect(npmCommands.length).toBeGreaterThanOrEqual(2);
    for (const command of npmCommands) expect(command, command).toContain('--omit=dev');
    const depsEnv = new Map(dockerfile.filter((i) => i.keyword === 'ENV' && i.stage === 0).flatMap((i) => envPairs(i.args)));
    expect(depsEnv.get('ONNXRUNTIME_NODE_INSTALL')).toBe('skip');
  });

  it('runs compiled JavaScript: built by npm run build:appliance, no TypeScript sources or loader at run time', () => {
    const buildStage = dockerfile.filter((i) => i.stage === 1);
    expect(buildStage[0]?.args).toMatch(/^deps AS build$/i);
    expect(buildStage.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n')).toContain('npm run build:appliance');
    const copies = finalInstructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    for (const copy of copies) expect(copy, copy).not.toMatch(/\bsrc\b|tsconfig/);
    expect(finalInstructions.map((i) => i.args).join('\n')).not.toContain('tsx');
    expect(imageEnv.get('NODE_OPTIONS')).toBe('--conditions=biblio-compiled');
    // Every workspace the appliance imports ships compiled, and resolves to it under that condition.
    const appliance = JSON.parse(read('appliance/package.json')) as { dependencies: Record<string, string> };
    const workspaces = Object.keys(appliance.dependencies).filter((name) => name.startsWith('@biblio/')).map((name) => name.slice('@biblio/'.length));
    expect(workspaces).toEqual(expect.arrayContaining(['shared']));
    expect(copies).toContain('--from=build /app/appliance/dist appliance/dist');
    for (const workspace of workspaces) {
      expect(copies).toContain(`--from=build /app/${workspace}/dist ${workspace}/dist`);
      const manifest = JSON.parse(read(`${workspace}/package.json`)) as { exports: Record<string, Record<string, string>> };
      expect(manifest.exports['.'], workspace).toEqual({ 'biblio-compiled': './dist/index.js', default: './src/index.ts' });
    }
  });

  it('installs the tools the appliance runs, and sets only appliance variables', () => {
    const apt = finalInstructions.filter((i) => i.keyword === 'RUN' && i.args.includes('apt-get install')).map((i) => i.args).join(' ');
    for (const pkg of ['ffmpeg', 'pocketsphinx', 'pocketsphinx-en-us', 'libgomp1']) expect(apt.split(' ')).toContain(pkg);
    // Runtime settings of node and glibc, not the appliance's own configuration.
    const runtime = new Set(['NODE_ENV', 'NODE_OPTIONS', 'MALLOC_ARENA_MAX']);
    for (const key of imageEnv.keys()) {
      if (!runtime.has(key)) expect(ENV_KEYS.has(key), `ENV ${key}`).toBe(true);
    }
    expect(imageEnv.get('BIBLIO_HOST')).toBe('0.0.0.0');
    // Two malloc arenas: about 75 MB less idle memory (docs/benchmarks.md).
    expect(imageEnv.get('MALLOC_ARENA_MAX')).toBe('2');
  });
});

