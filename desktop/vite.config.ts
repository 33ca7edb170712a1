import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

/**
 * Four builds from one file, picked by `--mode`:
 * - default: the React renderer -> dist/renderer (served by the host, loaded by Electron from file://,
 *   hence relative asset URLs).
 * - `preload`: the Electron preload -> dist/electron/preload.cjs. A sandboxed preload cannot load
 *   ESM or workspace code at run time (it gets only a `require` for a few Electron modules), so
 *   @biblio/shared and zod are bundled into one CommonJS file; only `electron` stays external.
 * - `main`: the Electron main process -> dist/electron/main.js (ESM). @biblio/shared and
 *   @biblio/node-kit are TypeScript source and desktop core is ours, so all are bundled; npm
 *   dependencies stay external and ship in node_modules (the FFmpeg installers must, their
 *   binaries are unpacked from the asar).
 * - `host-client`: the page side of the browser host (src/host-client) -> dist/host-client/host.js,
 *   one classic script (IIFE) that the host serves and injects before the renderer's own. It
 *   carries the shared IPC channel list, and with it zod (about 30 kB gzipped, over loopback).
 */
const desktop = fileURLToPath(new URL('.', import.meta.url));
const at = (path: string) => `${desktop}${path}`;

/** zod ships `@__PURE__` comments in places Rollup cannot use; the notice is noise, not a fault of ours. */
const quiet: NonNullable<NonNullable<UserConfig['build']>['rollupOptions']>['onwarn'] = (warning, warn) => {
  if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
  warn(warning);
};

const renderer: UserConfig = {
  root: at('src/renderer'),
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: at('dist/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { onwarn: quiet },
  },
};

const hostClient: UserConfig = {
  root: desktop,
  publicDir: false,
  build: {
    outDir: at('dist/host-client'),
    emptyOutDir: true,
    target: 'chrome130',
    lib: { entry: at('src/host-client/index.ts'), formats: ['iife'], name: 'biblioHostClient', fileName: () => 'host.js' },
    rollupOptions: { onwarn: quiet },
  },
};

function electron(entry: 'main' | 'preload'): UserConfig {
  const preload = entry === 'preload';
  return {
    root: desktop,
    publicDir: false,
    ssr: preload ? { noExternal: true, external: ['electron'] } : { noExternal: ['@biblio/shared', '@biblio/node-kit'] },
    build: {
      ssr: at(preload ? 'src/preload/index.ts' : 'src/main/index.ts'),
      outDir: at('dist/electron'),
      emptyOutDir: false,
      target: 'node22',
      sourcemap: true,
      minify: false,
      rollupOptions: {
        onwarn: quiet,
        external: ['electron', /^node:/],
        output: preload
          ? { format: 'cjs', entryFileNames: 'preload.cjs', inlineDynamicImports: true }
          : { format: 'es', entryFileNames: 'main.js' },
      },
    },
  };
}

export default defineConfig(({ mode }) => (mode === 'main' || mode === 'preload' ? electron(mode) : mode === 'host-client' ? hostClient : renderer));
