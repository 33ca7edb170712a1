import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EMBEDDING_DIMENSIONS, type Embedder } from '../../ports/embedder.js';

/**
 * The few parts of @huggingface/transformers (v3/v4) used here. The package is optional (it
 * is not installed in every checkout, and installs only with ONNXRUNTIME_NODE_INSTALL=skip),
 * so it is imported by a name held in a variable and typed locally: tsc needs no package types.
 */
interface Tensor {
  dims: number[];
  data: ArrayLike<number>;
  dispose?(): void;
}
type FeatureExtractor = ((texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<Tensor>) & {
  dispose?(): Promise<void>;
};
export interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(
    task: 'feature-extraction',
    model: string,
    options: { dtype: string; local_files_only: boolean },
  ): Promise<FeatureExtractor>;
}

const PACKAGE = '@huggingface/transformers';

/** Imports the optional package; the error says how to install it. */
export async function loadTransformers(): Promise<TransformersModule> {
  const name: string = PACKAGE; // a variable, so TypeScript does not resolve the module
  try {
    return (await import(name)) as TransformersModule;
  } catch (error) {
    throw new Error(
      `${PACKAGE} is not installed (install it with ONNXRUNTIME_NODE_INSTALL=skip npm install ${PACKAGE}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** ONNX weight files transformers.js can load, best first, with the dtype that selects each. */
const WEIGHTS: readonly (readonly [file: string, dtype: string])[] = [
  ['model.onnx', 'fp32'],
  ['model_quantized.onnx', 'q8'],
  ['model_int8.onnx', 'int8'],
  ['model_uint8.onnx', 'uint8'],
  ['model_fp16.onnx', 'fp16'],
];

/**
 * Preferred models (all 384-d). The multilingual one first: all-MiniLM-L6-v2's vocabulary is
 * English and maps most Hangul/Han to [UNK], so Korean transcripts would embed as noise.
 */
export const PREFERRED_EMBEDDING_MODELS = ['paraphrase-multilingual-MiniLM-L12-v2', 'all-MiniLM-L6-v2'] as const;

/** transformers.js joins localModelPath and the model id only when the id looks like a hub id. */
const LOADABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function weightsOf(modelDir: string): (typeof WEIGHTS)[number] | undefined {
  if (!existsSync(path.join(modelDir, 'config.json')) || !existsSync(path.join(modelDir, 'tokenizer.json'))) return undefined;
  return WEIGHTS.find(([file]) => existsSync(path.join(modelDir, 'onnx', file)));
}

/**
 * The provisioned embedding model directory under `${modelsDir}/embeddings/`, or undefined.
 * A directory counts when it has config.json, tokenizer.json and onnx/<weights>.onnx. Preferred
 * names first, then any other in name order (deterministic when several are provisioned).
 */
export function findEmbeddingModel(modelsDir: string): string | undefined {
  const root = path.join(modelsDir, 'embeddings');
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && LOADABLE_NAME.test(d.name) && !d.name.includes('..') && !d.name.includes('--'))
      .map((d) => d.name)
      .sort();
  } catch {
    return undefined; // no embeddings folder: nothing provisioned
  }
  const ordered = [...PREFERRED_EMBEDDING_MODELS.filter((n) => names.includes(n)), ...names];
  const found = ordered.find((name) => weightsOf(path.join(root, name)) !== undefined);
  return found === undefined ? undefined : path.join(root, found);
}

export interface TransformersEmbedderOptions {
  /** Texts per forward pass; padding makes huge batches wasteful. Default 16. */
  batchSize?: number;
  /** Injected for tests; default imports @huggingface/transformers. */
  load?: () => Promise<TransformersModule>;
}

/**
 * Sentence embeddings from a local ONNX model through transformers.js: mean pooling over
 * tokens, L2-normalised (how sentence-transformers models are meant to be used). Never fetches
 * anything: remote models are disabled and the model is read from `modelDir` only. The package
 * and the model are loaded on first use (or by `load()`), not at import time.
 */
export class TransformersEmbedder implements Embedder {
  readonly engine: string;
  /**
   * Sentence-transformers MiniLM models put a short query and a passage that answers it at
   * cosine similarity ~0.45-0.7 and unrelated text under ~0.3 (the model card's STS/retrieval
   * figures): a meaning-only hit needs at least 0.45.
   */
  readonly semanticDistance = 0.55;
  private readonly batchSize: number;
  private readonly loadModule: () => Promise<TransformersModule>;
  private extractor: Promise<FeatureExtractor> | undefined;

  constructor(
    readonly modelDir: string,
    options: TransformersEmbedderOptions = {},
  ) {
    this.engine = `transformers (${path.basename(modelDir)})`;
    this.batchSize = Math.max(1, options.batchSize ?? 16);
    this.loadModule = options.load ?? loadTransformers;
  }

  /** Loads the package and the model; repeated calls share one load. Failed loads are retried. */
  load(): Promise<FeatureExtractor> {
    this.extractor ??= this.createExtractor().catch((error: unknown) => {
      this.extractor = undefined;
      throw error;
    });
    return this.extractor;
  }

  private async createExtractor(): Promise<FeatureExtractor> {
    const weights = weightsOf(this.modelDir);
    if (!weights) {
      throw new Error(
        `embedding model ${this.modelDir} is incomplete: it needs config.json, tokenizer.json and onnx/${WEIGHTS.map(([f]) => f).join('|')}`,
      );
    }
    const transformers = await this.loadModule();
    // env is the package's global state: every TransformersEmbedder sets the same values before
    // its own load, so two models in two directories still resolve correctly.
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = path.dirname(path.resolve(this.modelDir)) + path.sep;
    return transformers.pipeline('feature-extraction', path.basename(this.modelDir), {
      dtype: weights[1],
      local_files_only: true,
    });
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const extractor = await this.load();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      const tensor = await extractor(batch, { pooling: 'mean', normalize: true });
      try {
        out.push(...this.rows(tensor, batch.length));
      } finally {
        tensor.dispose?.();
      }
    }
    return out;
  }

  /** Splits a [batch, dims] tensor into rows, refusing anything but finite 384-d vectors. */
  private rows(tensor: Tensor, expected: number): number[][] {
    const [count, dims] = tensor.dims;
    if (tensor.dims.length !== 2 || count !== expected || dims !== EMBEDDING_DIMENSIONS) {
      throw new Error(
        `embedding model ${this.modelDir} produced a tensor of shape [${tensor.dims.join(', ')}], expected [${expected}, ${EMBEDDING_DIMENSIONS}]: ` +
          `the search index stores ${EMBEDDING_DIMENSIONS}-d vectors, so provision a ${EMBEDDING_DIMENSIONS}-d sentence-embedding model (e.g. ${PREFERRED_EMBEDDING_MODELS.join(' or ')})`,
      );
    }
    const rows: number[][] = [];
    for (let r = 0; r < count; r++) {
      const row = Array.from({ length: dims }, (_, c) => tensor.data[r * dims + c]!);
      if (!row.every(Number.isFinite)) throw new Error(`embedding model ${this.modelDir} produced a non-finite vector`);
      rows.push(row);
    }
    return rows;
  }
}
