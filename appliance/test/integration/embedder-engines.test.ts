import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../src/adapters/embed/hashing.js';
import { embeddingsUrl, HttpEmbedder } from '../../src/adapters/embed/http.js';
import { RateLimitedEmbedder } from '../../src/adapters/embed/rate-limited.js';
import { selectEmbedder } from '../../src/adapters/embed/select.js';
import { findEmbeddingModel, TransformersEmbedder, type TransformersModule } from '../../src/adapters/embed/transformers.js';
import { EMBEDDING_DIMENSIONS } from '../../src/ports/embedder.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The appliance's default: BIBLIO_MODELS_DIR, else models/ under BIBLIO_DATA_DIR (./data). */
const MODELS_DIR = path.resolve(process.env['BIBLIO_MODELS_DIR'] ?? path.join(process.env['BIBLIO_DATA_DIR'] ?? path.join(ROOT, 'data'), 'models'));
const MODEL_DIR = findEmbeddingModel(MODELS_DIR);
const EMBED_URL = process.env['BIBLIO_TEST_EMBED_URL'];

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((sum, v, i) => sum + v * b[i]!, 0);
const norm = (a: readonly number[]): number => Math.sqrt(dot(a, a));

const KOREAN_BUDGET = '오늘 회의에서 예산을 논의했습니다';
const SENTENCES = [
  'Today we discussed the budget in the meeting.',
  'The committee reviewed the annual budget.',
  'The cat sat on the mat and watched the birds.',
  KOREAN_BUDGET,
  '',
];

/** What every engine must deliver, whatever its model. */
function expectUnitVectors(vectors: number[][], count: number): void {
  expect(vectors).toHaveLength(count);
  for (const v of vectors) {
    expect(v).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(v.every(Number.isFinite)).toBe(true);
    expect(norm(v)).toBeCloseTo(1, 4);
  }
}

describe('transformers engine (real ONNX model)', () => {
  it.skipIf(!MODEL_DIR)(
    MODEL_DIR
      ? `embeds with ${MODEL_DIR}: unit 384-d vectors, related sentences closer than unrelated`
      : 'skipped: no ONNX embedding model in $BIBLIO_MODELS_DIR/embeddings (none can be downloaded on this machine)',
    async () => {
      const embedder = new TransformersEmbedder(MODEL_DIR!);
      const vectors = await embedder.embed(SENTENCES);
      expectUnitVectors(vectors, SENTENCES.length);
      expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!));
      expect(await embedder.embed(SENTENCES)).toEqual(vectors); // deterministic
      const selected = await selectEmbedder('auto', { modelsDir: MODELS_DIR });
      expect(selected.engine).toBe(embedder.engine);
    },
  );
});

describe('http engine (real server)', () => {
  it.skipIf(!EMBED_URL)(
    EMBED_URL
      ? `embeds through ${EMBED_URL}`
      : 'skipped: BIBLIO_TEST_EMBED_URL is not set (no OpenAI-compatible embedding server to test against)',
    async () => {
      const embedder = await selectEmbedder('http', {
        modelsDir: MODELS_DIR,
        httpUrl: EMBED_URL!,
        httpModel: process.env['BIBLIO_TEST_EMBED_MODEL'] ?? 'all-MiniLM-L6-v2',
        ...(process.env['BIBLIO_TEST_EMBED_API_KEY'] ? { httpApiKey: process.env['BIBLIO_TEST_EMBED_API_KEY'] } : {}),
      });
      const vectors = await embedder.embed(SENTENCES);
      expectUnitVectors(vectors, SENTENCES.length);
      expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!));
    },
  );
});

/** A local OpenAI-compatible stub: records requests, answers with what `reply` returns. */
interface Stub {
  url: string;
  requests: { body: { model: string; input: string[] }; auth: string | undefined }[];
  reply: (input: string[]) => { status: number; body: unknown; delayMs?: number };
}

describe('http engine against a local OpenAI-compatible stub', () => {
  let server: Server;
  const stub: Stub = { url: '', requests: [], reply: () => ({ status: 500, body: {} }) };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(raw) as { model: string; input: string[] };
        stub.requests.push({ body, auth: req.headers['authorization'] });
        const answer = stub.reply(body.input);
        setTimeout(() => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Unnormalised vectors: component 0 holds the text length, component 1 a constant. */
  const okReply = (input: string[]) => ({
    status: 200,
    body: {
      // Reversed on purpose: clients must order by `index`, not by position.
      data: input.map((text, index) => ({ index, embedding: Array.from({ length: EMBEDDING_DIMENSIONS }, (_, i) => (i === 0 ? text.length : i === 1 ? 3 : 0)) })).reverse(),
    },
  });

  it('builds the endpoint from any form of the base URL', () => {
    expect(embeddingsUrl('http://h:1')).toBe('http://h:1/v1/embeddings');
    expect(embeddingsUrl('http://h:1/v1/')).toBe('http://h:1/v1/embeddings');
    expect(embeddingsUrl('http://h:1/api/v1/embeddings')).toBe('http://h:1/api/v1/embeddings');
    expect(embeddingsUrl('https://h/openai')).toBe('https://h/openai/v1/embeddings');
  });

  it('batches, orders by index, normalises, skips empty texts and sends the key', async () => {
    stub.requests.length = 0;
    stub.reply = okReply;
    const embedder = new HttpEmbedder({ baseUrl: stub.url, model: 'm', apiKey: 'sk-test', batchSize: 2 });
    const vectors = await embedder.embed(['abcd', '', 'a', 'abc']);
    expectUnitVectors(vectors, 4);
    expect(stub.requests.map((r) => r.body)).toEqual([
      { model: 'm', input: ['abcd', 'a'], encoding_format: 'float' },
      { model: 'm', input: ['abc'], encoding_format: 'float' },
    ]);
    expect(stub.requests.every((r) => r.auth === 'Bearer sk-test')).toBe(true);
    expect(vectors[0]![0]).toBeCloseTo(4 / 5, 10);
    expect(vectors[2]![0]).toBeCloseTo(1 / Math.sqrt(10), 10);
    expect(vectors[3]![0]).toBeCloseTo(3 / Math.sqrt(18), 10);
    expect(vectors[1]).toEqual(await new HashingEmbedder().embed(['']).then((v) => v[0]));
    expect(embedder.engine).toBe(`http (m at ${new URL(stub.url).host})`);
  });

  it('refuses vectors that are not 384-d, naming the dimension', async () => {
    stub.reply = (input) => ({ status: 200, body: { data: input.map((_, index) => ({ index, embedding: [1, 2, 3] })) } });
    await expect(new HttpEmbedder({ baseUrl: stub.url, model: 'big' }).embed(['x'])).rejects.toThrow(/returned 3 values.*384-d/);
    stub.reply = () => ({ status: 200, body: { data: [] } });
    await expect(new HttpEmbedder({ baseUrl: stub.url, model: 'm' }).embed(['x'])).rejects.toThrow(/0 embeddings for 1 texts/);
  });

  it('reports server errors with status and body but never the key', async () => {
    stub.reply = () => ({ status: 401, body: { error: { message: 'invalid key' } } });
    const failure = new HttpEmbedder({ baseUrl: stub.url, model: 'm', apiKey: 'sk-secret' }).embed(['x']);
    await expect(failure).rejects.toThrow(/answered 401: .*invalid key/);
    await expect(failure).rejects.not.toThrow(/sk-secret/);
  });

  it('says why a connection failed', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(new HttpEmbedder({ baseUrl: `http://127.0.0.1:${port}`, model: 'm' }).embed(['x'])).rejects.toThrow(/failed: fetch failed: .*ECONNREFUSED/);
  });

  it('gives up after the timeout', async () => {
    stub.reply = (input) => ({ ...okReply(input), delayMs: 500 });
    await expect(new HttpEmbedder({ baseUrl: stub.url, model: 'm', timeoutMs: 100 }).embed(['x'])).rejects.toThrow(/no answer within 100 ms/);
  });
});

describe('selectEmbedder', () => {
  let modelsDir: string;
  beforeAll(() => {
    modelsDir = mkdtempSync(path.join(os.tmpdir(), 'biblio-embed-'));
  });
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  /** A model folder with the files transformers.js needs (contents unused by the fake module). */
  function provision(name: string, weights = 'model.onnx'): string {
    const dir = path.join(modelsDir, 'embeddings', name);
    mkdirSync(path.join(dir, 'onnx'), { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), '{}');
    writeFileSync(path.join(dir, 'tokenizer.json'), '{}');
    writeFileSync(path.join(dir, 'onnx', weights), '');
    return dir;
  }

  /** A stand-in for @huggingface/transformers that records how it was driven. */
  function fakeTransformers(dims: number) {
    const calls: { model: string; options: unknown; localModelPath: string; allowRemoteModels: boolean }[] = [];
    const module: TransformersModule = {
      env: { allowRemoteModels: true, allowLocalModels: false, localModelPath: '/models/' },
      async pipeline(_task, model, options) {
        calls.push({ model, options, localModelPath: module.env.localModelPath, allowRemoteModels: module.env.allowRemoteModels });
        return async (texts: string[]) => ({
          dims: [texts.length, dims],
          data: Float32Array.from({ length: texts.length * dims }, (_, i) => (i % dims === 0 ? 1 : 0)),
        });
      },
    };
    return { module, calls };
  }

  it('hashing is always available; auto uses it when no model is provisioned', async () => {
    expect((await selectEmbedder('hashing', { modelsDir })).engine).toBe('hashing');
    expect((await selectEmbedder('auto', { modelsDir: path.join(modelsDir, 'missing') })).engine).toBe('hashing');
    expect(findEmbeddingModel(modelsDir)).toBeUndefined();
  });

  it('explicit engines name the missing variable', async () => {
    await expect(selectEmbedder('transformers', { modelsDir })).rejects.toThrow(/BIBLIO_MODELS_DIR/);
    await expect(selectEmbedder('http', { modelsDir })).rejects.toThrow(/BIBLIO_EMBED_URL/);
    await expect(selectEmbedder('http', { modelsDir, httpUrl: 'http://127.0.0.1:9' })).rejects.toThrow(/BIBLIO_EMBED_MODEL/);
  });

  it('wraps http in the rate limiter', async () => {
    const embedder = await selectEmbedder('http', { modelsDir, httpUrl: 'http://127.0.0.1:9/v1', httpModel: 'm', ratePerSecond: 5 });
    expect(embedder).toBeInstanceOf(RateLimitedEmbedder);
    expect(embedder.engine).toBe('http (m at 127.0.0.1:9)');
  });

  it('auto falls back to hashing, saying why, when the package does not load', async () => {
    provision('all-MiniLM-L6-v2');
    const reasons: string[] = [];
    const embedder = await selectEmbedder('auto', {
      modelsDir,
      onFallback: (reason) => reasons.push(reason),
      loadTransformers: () => Promise.reject(new Error('Cannot find package')),
    });
    expect(embedder.engine).toBe('hashing');
    expect(reasons).toEqual([expect.stringMatching(/all-MiniLM-L6-v2 is provisioned but unusable.*Cannot find package/)]);
  });

  it('auto loads a provisioned model locally only, preferring the multilingual one', async () => {
    const multilingual = provision('paraphrase-multilingual-MiniLM-L12-v2', 'model_quantized.onnx');
    expect(findEmbeddingModel(modelsDir)).toBe(multilingual);
    const fake = fakeTransformers(EMBEDDING_DIMENSIONS);
    const embedder = await selectEmbedder('auto', { modelsDir, loadTransformers: async () => fake.module });
    expect(embedder.engine).toBe('transformers (paraphrase-multilingual-MiniLM-L12-v2)');
    expect(fake.calls).toEqual([
      {
        model: 'paraphrase-multilingual-MiniLM-L12-v2',
        options: { dtype: 'q8', local_files_only: true },
        localModelPath: path.join(modelsDir, 'embeddings') + path.sep,
        allowRemoteModels: false,
      },
    ]);
    expectUnitVectors(await embedder.embed(['a', 'b', KOREAN_BUDGET]), 3);
  });

  it('refuses a model that is not 384-d with a clear error', async () => {
    const fake = fakeTransformers(768);
    const embedder = new TransformersEmbedder(provision('bge-base'), { load: async () => fake.module });
    await expect(embedder.embed(['x'])).rejects.toThrow(/shape \[1, 768\], expected \[1, 384\].*provision a 384-d/);
    // Chosen explicitly, a wrong model fails at startup (probed), not at the first index job.
    await expect(selectEmbedder('transformers', { modelsDir, loadTransformers: async () => fake.module })).rejects.toThrow(/768/);
  });

  it('says which file is missing from an incomplete model folder', async () => {
    const dir = path.join(modelsDir, 'incomplete');
    mkdirSync(dir, { recursive: true });
    await expect(new TransformersEmbedder(dir).embed(['x'])).rejects.toThrow(/incomplete: it needs config.json, tokenizer.json and onnx\/model.onnx/);
  });
});
