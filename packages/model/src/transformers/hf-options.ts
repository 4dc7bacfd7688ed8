import { z } from 'zod';
import { HF_DTYPES } from './hf-model-source.ts';

/** Options every model loaded through transformers.js takes, besides the model itself. */
export const hfModelFields = {
  /** Whether a hub id may be downloaded (into $PARLEY_CACHE_DIR/huggingface); off, only local directories load. */
  remote: z.boolean().default(false),
  /** Hub revision (branch, tag or commit) of a remote model. */
  revision: z.string().min(1).optional(),
  /** Which ONNX file: fp32 model.onnx, fp16 model_fp16.onnx, q8 model_quantized.onnx. */
  dtype: z.enum(HF_DTYPES).default('fp32'),
};

/** Where the model runs; `auto` falls back to the CPU, saying why (openOnDevice). */
export const deviceFields = {
  device: z.enum(['cuda', 'cpu', 'auto']).default('auto'),
  /** ONNX Runtime intra-op threads; default: all cores. */
  threads: z.number().int().positive().optional(),
  /** Whether idle intra-op threads spin waiting for work; see the encoder's option. */
  spinning: z.boolean().default(true),
};
