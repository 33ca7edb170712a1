import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml checked offline: against electron-builder's own JSON schema (the scheme.json
 * it ships, with the Ajv options it uses itself), plus the choices the product depends on.
 * Installers cannot be built here (Electron and the NSIS/DMG tools are downloads).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// ajv and js-yaml are electron-builder's own dependencies; resolve them the way it does.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const Ajv = requireFromBuilder('ajv') as typeof import('ajv').default;
const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };
const schema = JSON.parse(readFileSync(requireFromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;

type Config = Record<string, any>;
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;

function validate(candidate: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: false });
  const check = ajv.compile(schema);
  return check(structuredClone(candidate)) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function targets(platform: 'win' | 'mac' | 'linux'): Record<string, string[]> {
  const list = config[platform].target as { target: string; arch: string[] }[];
  return Object.fromEntries(list.map((t) => [t.target, t.arch]));
}

describe('electron-builder.yml', () => {
  it('matches electron-builder’s own schema', () => {
    expect(validate(config)).toEqual([]);
  });

  it('is really checked: a misspelt option fails the same schema', () => {
    expect(validate({ ...config, asarUnpak: config['asarUnpack'] }).join('\n')).toMatch(/additional properties/);
    expect(validate({ ...config, publish: { provider: 'generic' } }).length).toBeGreaterThan(0);
  });

  it('names the product and where things go', () => {
    expect(config['appId']).toBe('app.biblio.desktop');
    expect(config['productName']).toBe('Biblio');
    expect(config['directories']).toEqual({ app: 'desktop', output: 'desktop/release', buildResources: 'desktop/build' });
    expect(config['extraMetadata'].main).toBe('dist/electron/main.js');
  });

  it('builds Windows nsis, macOS dmg for x64 and arm64, Linux AppImage and deb', () => {
    expect(targets('win')).toEqual({ nsis: ['x64'] });
    expect(targets('mac')).toEqual({ dmg: ['x64', 'arm64'] });
    expect(Object.keys(targets('linux')).sort()).toEqual(['AppImage', 'deb']);
  });

  it('packs only the built bundles, and unpacks the FFmpeg binaries from the asar', () => {
    const files = config['files'] as string[];
    expect(files).toEqual(expect.arrayContaining(['dist/electron/**/*', 'dist/renderer/**/*', 'build/icon.png', '!**/*.map']));
    expect(files.some((pattern) => pattern.includes('src'))).toBe(false);
    expect(config['asar']).toBe(true);
    expect(config['asarUnpack']).toEqual(expect.arrayContaining(['node_modules/@ffmpeg-installer/**', 'node_modules/@ffprobe-installer/**']));
  });

  it('locks the Electron fuses a token-holding app must not leave open', () => {
    expect(config['electronFuses']).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes a generic update feed for electron-updater', () => {
    expect(config['publish']).toMatchObject({ provider: 'generic' });
    expect(new URL(config['publish'].url).protocol).toBe('https:');
  });

  it('has a 512x512 PNG icon in the build resources', () => {
    const png = readFileSync(path.join(ROOT, 'desktop/build/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('keeps the window sandboxed and isolated, with one preload and no Node', () => {
    const window = readFileSync(path.join(ROOT, 'desktop/src/main/window.ts'), 'utf8');
    expect(window).toMatch(/contextIsolation: true/);
    expect(window).toMatch(/sandbox: true/);
    expect(window).toMatch(/nodeIntegration: false/);
    expect(window).not.toMatch(/webSecurity: false|allowRunningInsecureContent: true/);
    const preload = readFileSync(path.join(ROOT, 'desktop/src/preload/index.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });
});
