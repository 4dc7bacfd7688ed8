import path from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import { defaultCacheDir } from '../encoder/use-lite/converted-model-cache.ts';

export type Transformers = typeof TransformersModule;

let loading: Promise<Transformers> | undefined;

/**
 * transformers.js, imported on first use: a USE-lite deployment never loads it (nor onnxruntime-web or sharp), and
 * an install without it still starts. Remote loading is off until a caller asks for a hub model
 * (allowRemoteModels); local loads always pass local_files_only as well, so turning it on for one model never
 * sends another to the network.
 */
export function loadTransformers(): Promise<Transformers> {
  loading ??= import('@huggingface/transformers').then(
    (transformers) => {
      transformers.env.allowRemoteModels = false;
      transformers.env.allowLocalModels = true;
      // Downloads (remote models only) go next to Parley's other caches, not into node_modules.
      transformers.env.cacheDir = path.join(defaultCacheDir(), 'huggingface');
      // transformers.js logs to the console; Parley reports what matters through its own logger.
      transformers.env.logLevel = transformers.LogLevel.ERROR;
      return transformers;
    },
    (error: unknown) => {
      loading = undefined;
      throw new Error(
        `Hugging Face models need the optional package @huggingface/transformers (npm install @huggingface/transformers@^4): ${(error as Error).message}`,
        { cause: error },
      );
    },
  );
  return loading;
}
