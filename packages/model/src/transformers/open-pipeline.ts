import type { AllTasks } from '@huggingface/transformers';
import type { Device, ResolvedDevice } from '../encoder/encoder-types.ts';
import type { Logger } from '../runtime/logger.ts';
import { baseSessionOptions, openOnDevice } from '../runtime/ort-session.ts';
import type { HfDtype, HfSource } from './hf-model-source.ts';
import { loadTransformers } from './load-transformers.ts';

export type HfTask = 'feature-extraction' | 'text-classification' | 'zero-shot-classification';

export interface HfRuntimeOptions {
  device: Device;
  dtype: HfDtype;
  threads?: number | undefined;
  spinning?: boolean | undefined;
  /** Hub revision (branch, tag or commit) of a remote model. */
  revision?: string | undefined;
}

/**
 * Opens a transformers.js pipeline on the model, with Parley's session options and device choice: transformers.js
 * 'auto' lists CUDA first on Linux x64 and fails where it is missing (transformers.js#1642), so the device is
 * chosen here (openOnDevice) and transformers.js is always given a definite one.
 */
export async function openHfPipeline<T extends HfTask>(
  task: T,
  source: HfSource,
  options: HfRuntimeOptions,
  logger: Logger,
): Promise<{ pipe: AllTasks[T]; device: ResolvedDevice }> {
  const transformers = await loadTransformers();
  if (!source.local) transformers.env.allowRemoteModels = true;
  const session = baseSessionOptions(options.threads, options.spinning);
  const { value: pipe, device } = await openOnDevice(options.device, logger, async (device) => {
    try {
      return await transformers.pipeline(task, source.location, {
        device,
        dtype: options.dtype,
        subfolder: source.subfolder,
        local_files_only: source.local,
        ...(options.revision === undefined ? {} : { revision: options.revision }),
        session_options: { ...session, executionProviders: device === 'cuda' ? [{ name: 'cuda' }, 'cpu'] : ['cpu'] },
      });
    } catch (error) {
      throw new Error(`${source.modelFile}: transformers.js cannot load this model for ${task}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  return { pipe, device };
}
