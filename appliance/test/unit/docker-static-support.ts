/** Parsers and loaded files shared by the docker/deploy static checks. */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envSchema } from '../../src/config/config.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const inRepo = (...parts: string[]) => path.join(ROOT, ...parts);
export const read = (...parts: string[]) => readFileSync(inRepo(...parts), 'utf8');

// js-yaml 4 (YAML 1.2 with merge keys, as compose-go reads them). It ships no types.
export const yaml = createRequire(import.meta.url)('js-yaml') as { load(source: string): unknown };

export const SCHEMA_SHA256 = '46b7d35f19dd93a05f8fea530291bf84d881c1791ec167ecf0e6fb94e639d496';
export const ENV_KEYS = new Set(Object.keys(envSchema.shape));
export const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE/i;

export type Dict = Record<string, unknown>;
export interface Service extends Dict {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
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
export interface ComposeFile {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

export const compose = yaml.load(read('docker/compose.yml')) as ComposeFile;
export const services = Object.entries(compose.services);
/** Services that run the Biblio image (the one docker/Dockerfile builds). */
export const biblioServices = services.filter(
  ([, s]) => s.image?.startsWith('biblio/appliance') || (typeof s.build === 'object' && s.build.dockerfile === 'docker/Dockerfile'),
);

export function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
export function envFiles(service: Service): string[] {
  return (Array.isArray(service.env_file) ? service.env_file : service.env_file ? [service.env_file] : []).map((f) =>
    typeof f === 'string' ? f : f.path,
  );
}
export function environmentOf(service: Service): Record<string, string | undefined> {
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
export function dependsOn(service: Service): Record<string, string> {
  const deps = service.depends_on;
  if (!deps) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition]));
}
/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}`... in any value (keys too) of a YAML tree. */
export function interpolatedNames(node: unknown): string[] {
  if (typeof node === 'string') return [...node.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  if (Array.isArray(node)) return node.flatMap(interpolatedNames);
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => [...interpolatedNames(k), ...interpolatedNames(v)]);
  return [];
}

/** NAME=value lines of an env file; `documented` also counts commented `# NAME=value` lines. */
export function parseEnvFile(text: string): { active: Map<string, string>; commented: Map<string, string>; order: string[] } {
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

export interface Instruction {
  keyword: string;
  args: string;
  stage: number;
  line: number;
}
/** Dockerfile instructions with continuation lines joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
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
export function envPairs(args: string): [string, string][] {
  return args.split(' ').filter(Boolean).map((pair) => {
    const i = pair.indexOf('=');
    return [pair.slice(0, i), pair.slice(i + 1)];
  });
}

export const dockerfile = parseDockerfile(read('docker/Dockerfile'));
export const globalArgs = new Map(
  dockerfile.filter((i) => i.keyword === 'ARG' && i.stage === -1).map((i) => {
    const [name, value = ''] = i.args.split('=');
    return [name!, value];
  }),
);
export const finalStage = Math.max(...dockerfile.map((i) => i.stage));
export const finalInstructions = dockerfile.filter((i) => i.stage === finalStage);
/** ENV of the final stage: the container's defaults before compose adds anything. */
export const imageEnv = new Map(finalInstructions.filter((i) => i.keyword === 'ENV').flatMap((i) => envPairs(i.args)));

export interface ManifestEntry {
  sha256: string;
  path: string;
  url: string;
}
export function readManifest(text = read('docker/models.sha256')): ManifestEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [sha256 = '', file = '', url = '', ...rest] = line.trim().split(/\s+/);
      expect(rest, line).toEqual([]);
      return { sha256, path: file, url };
    });
}
