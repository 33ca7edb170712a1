import { EMBEDDING_DIMENSIONS, type Embedder } from '../../ports/embedder.js';
import { emptyTextVector } from './hashing.js';

export interface HttpEmbedderOptions {
  /** Server base URL: "http://host:8081", ".../v1" or the full ".../v1/embeddings". */
  baseUrl: string;
  /** The `model` field of the request (llama.cpp ignores it; Ollama, vLLM and OpenAI need it). */
  model: string;
  /** Sent as `Authorization: Bearer ...` when set; never included in error messages. */
  apiKey?: string;
  /** Per request. Default 30 s. */
  timeoutMs?: number;
  /** Texts per request. Default 32. */
  batchSize?: number;
  /** Injected for tests; default global fetch. */
  fetch?: typeof fetch;
}

/** The OpenAI `/v1/embeddings` URL for a base URL given with or without the path. */
export function embeddingsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  const base = url.pathname.replace(/\/+$/, '');
  if (base.endsWith('/embeddings')) url.pathname = base;
  else if (base.endsWith('/v1')) url.pathname = `${base}/embeddings`;
  else url.pathname = `${base}/v1/embeddings`;
  return url.toString();
}

interface EmbeddingsResponse {
  data?: { embedding?: unknown; index?: unknown }[];
}

/** L2-normalises; servers differ (OpenAI returns unit vectors, many local servers do not). */
function normalise(vector: number[]): number[] | undefined {
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return norm > 1e-12 ? vector.map((v) => v / norm) : undefined;
}

/**
 * An OpenAI-compatible embedding server (OpenAI, llama.cpp server, Ollama, vLLM, text-embeddings-
 * inference, LocalAI). Sends batches, checks every vector is 384-d and finite, L2-normalises.
 * Empty texts are not sent (OpenAI rejects empty input) and get the same fixed vector the
 * hashing engine uses for them: they carry nothing to find.
 */
export class HttpEmbedder implements Embedder {
  readonly engine: string;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HttpEmbedderOptions) {
    this.url = embeddingsUrl(options.baseUrl);
    this.engine = `http (${options.model} at ${new URL(this.url).host})`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.batchSize = Math.max(1, options.batchSize ?? 32);
    this.fetchFn = options.fetch ?? fetch;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const out: number[][] = texts.map(() => emptyTextVector());
    const toSend = texts.map((text, i) => ({ text, i })).filter(({ text }) => text.trim().length > 0);
    for (let b = 0; b < toSend.length; b += this.batchSize) {
      const batch = toSend.slice(b, b + this.batchSize);
      const vectors = await this.request(batch.map(({ text }) => text));
      batch.forEach(({ i }, j) => (out[i] = vectors[j]!));
    }
    return out;
  }

  private async request(input: string[]): Promise<number[][]> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers['authorization'] = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await this.fetchFn(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.options.model, input, encoding_format: 'float' }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const err = error as Error & { cause?: { message?: string } };
      // undici says only "fetch failed"; the cause has the useful part (ECONNREFUSED, DNS, TLS).
      const reason = err.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : [err.message, err.cause?.message].filter(Boolean).join(': ');
      throw new Error(`embedding server ${this.url} failed: ${reason}`, { cause: error });
    }
    if (!response.ok) {
      const body = (await response.text().catch(() => '')).slice(0, 300);
      throw new Error(`embedding server ${this.url} answered ${response.status}: ${body}`);
    }
    return this.parse((await response.json()) as EmbeddingsResponse, input.length);
  }

  private parse(body: EmbeddingsResponse, expected: number): number[][] {
    const data = Array.isArray(body.data) ? body.data : [];
    if (data.length !== expected) {
      throw new Error(`embedding server ${this.url} returned ${data.length} embeddings for ${expected} texts`);
    }
    // `index` says which input each item belongs to; servers may return them out of order.
    const ordered = data.every((d) => typeof d.index === 'number')
      ? [...data].sort((a, b) => (a.index as number) - (b.index as number))
      : data;
    return ordered.map((item, i) => {
      const v = item.embedding;
      if (!Array.isArray(v) || v.length !== EMBEDDING_DIMENSIONS || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        const got = Array.isArray(v) ? `${v.length} values` : typeof v;
        throw new Error(
          `embedding server ${this.url} (model ${this.options.model}) returned ${got} for text ${i}; ` +
            `the search index stores ${EMBEDDING_DIMENSIONS}-d float vectors: choose a ${EMBEDDING_DIMENSIONS}-d model`,
        );
      }
      const unit = normalise(v as number[]);
      if (!unit) throw new Error(`embedding server ${this.url} returned an all-zero vector for text ${i}`);
      return unit;
    });
  }
}
