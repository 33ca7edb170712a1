import type { Embedder } from '../../ports/embedder.js';
import { HashingEmbedder } from './hashing.js';
import { HttpEmbedder } from './http.js';
import { RateLimitedEmbedder } from './rate-limited.js';
import { findEmbeddingModel, TransformersEmbedder, type TransformersModule } from './transformers.js';

export type EmbedderChoice = 'auto' | 'transformers' | 'http' | 'hashing';

export interface SelectEmbedderOptions {
  /** BIBLIO_MODELS_DIR (resolved); models are looked for in `${modelsDir}/embeddings/`. */
  modelsDir: string;
  /** BIBLIO_EMBED_URL: an OpenAI-compatible server. */
  httpUrl?: string;
  /** BIBLIO_EMBED_MODEL: the `model` field sent to that server. */
  httpModel?: string;
  /** BIBLIO_EMBED_API_KEY. */
  httpApiKey?: string;
  /** Texts per second sent to external engines (http). Default 50. */
  ratePerSecond?: number;
  /** Told why `auto` fell back to hashing although a model is provisioned (to log it). */
  onFallback?: (reason: string) => void;
  /** Injected for tests; default imports @huggingface/transformers. */
  loadTransformers?: () => Promise<TransformersModule>;
}

export const DEFAULT_EXTERNAL_RATE_PER_SECOND = 50;

/** Loads the model and embeds one text, so a broken model fails now rather than at index time. */
async function probedTransformers(modelDir: string, options: SelectEmbedderOptions): Promise<Embedder> {
  const embedder = new TransformersEmbedder(modelDir, options.loadTransformers ? { load: options.loadTransformers } : {});
  await embedder.embed(['probe']);
  return embedder;
}

/**
 * Chooses the embedding engine (BIBLIO_EMBEDDER) once at startup:
 * - auto: transformers when a model is provisioned under BIBLIO_MODELS_DIR/embeddings AND the
 *   package and model load (probed), else hashing. Never picks http on its own: sending
 *   transcripts to a server is a decision the operator makes explicitly.
 * - transformers | http: their prerequisite must be present, else an Error naming the variable.
 * - hashing: always available.
 * External engines (http) are wrapped in a rate limiter; local ones are bounded by CPU anyway.
 *
 * Vectors of different engines live in different spaces: the caller must keep the engine name
 * with stored embeddings and re-index when it changes.
 */
export async function selectEmbedder(choice: EmbedderChoice, options: SelectEmbedderOptions): Promise<Embedder> {
  switch (choice) {
    case 'hashing':
      return new HashingEmbedder();
    case 'transformers': {
      const modelDir = findEmbeddingModel(options.modelsDir);
      if (!modelDir) {
        throw new Error(
          `BIBLIO_EMBEDDER=transformers needs an ONNX embedding model in BIBLIO_MODELS_DIR: none found in ` +
            `${options.modelsDir}/embeddings/ (a folder with config.json, tokenizer.json and onnx/model.onnx)`,
        );
      }
      return probedTransformers(modelDir, options);
    }
    case 'http': {
      if (!options.httpUrl) throw new Error('BIBLIO_EMBEDDER=http needs BIBLIO_EMBED_URL (an OpenAI-compatible /v1/embeddings server)');
      if (!options.httpModel) throw new Error('BIBLIO_EMBEDDER=http needs BIBLIO_EMBED_MODEL (the model name the server expects)');
      const ratePerSecond = options.ratePerSecond ?? DEFAULT_EXTERNAL_RATE_PER_SECOND;
      if (!(ratePerSecond > 0)) throw new Error(`the embedding rate limit must be > 0 texts per second, got ${ratePerSecond}`);
      const http = new HttpEmbedder({
        baseUrl: options.httpUrl,
        model: options.httpModel,
        ...(options.httpApiKey ? { apiKey: options.httpApiKey } : {}),
      });
      return new RateLimitedEmbedder(http, { ratePerSecond });
    }
    case 'auto': {
      const modelDir = findEmbeddingModel(options.modelsDir);
      if (!modelDir) return new HashingEmbedder();
      try {
        return await probedTransformers(modelDir, options);
      } catch (error) {
        options.onFallback?.(`embedding model ${modelDir} is provisioned but unusable, using hashing: ${(error as Error).message}`);
        return new HashingEmbedder();
      }
    }
    default: {
      const unknown: never = choice;
      throw new Error(`BIBLIO_EMBEDDER must be auto, transformers, http or hashing, got ${String(unknown)}`);
    }
  }
}
