import { setFlagsFromString } from 'node:v8';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Postgres' buffer pool inside PGlite. Emscripten zero-fills the shared memory Postgres asks
 * for, so every megabyte here is resident from the first second (the default, 128MB, grew
 * WebAssembly memory from 128 to 189 MiB). Pages PGlite does not hold are read back through
 * the OS page cache. Measured with 10k chunks: /api/search p95 the same within noise (21-23 ms
 * against 22-28 ms), the idle appliance 50 MiB lighter.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * WebAssembly compiled once, by Liftoff (V8's baseline compiler), without tier-up to TurboFan:
 * with tier-up V8 keeps both versions of every hot function and the optimizing compiler's
 * working memory stays in malloc's arenas; measured 75 MiB more at idle. Queries run as fast
 * within noise (search p95 at 10k); CPU-heavy work is slower (an HNSW rebuild of 10k chunks
 * 5.2-5.8 s -> 9.4-9.7 s).
 * V8 flags are process-wide: this process compiles no other WebAssembly.
 */
const WASM_COMPILER_FLAGS = '--liftoff-only';

/** Opens (or, on an empty dir, creates: initdb) the embedded database with pgvector. */
export async function openPgliteWithVector(dataDir: string): Promise<PGlite> {
  // Read when a module is compiled: set before PGlite compiles its WebAssembly.
  setFlagsFromString(WASM_COMPILER_FLAGS);
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  return PGlite.create(dataDir, {
    extensions: { vector },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
}
