import * as ort from 'onnxruntime-node';
import { CONVERTER_VERSION, convertTfjsGraphToOnnx } from '../../convert/tf-graph-to-onnx.ts';
import { openSession } from '../../runtime/ort-session.ts';
import { quantizeMatMulWeights } from '../../onnx/quantize-weights.ts';
import type { Logger } from '../../runtime/logger.ts';
import { hashTfjsModel, loadTfjsGraph, type TfjsGraph } from '../../tfjs/load-tfjs-graph.ts';
import { z } from 'zod';
import type { UseLiteOptions } from '../create-encoder.ts';
import type { EncoderBackend } from '../encoder-types.ts';
import { cachedConversion, defaultCacheDir } from './converted-model-cache.ts';
import { openUseLiteTokenizer, packagedUseLiteModelJson } from './use-lite-source.ts';

/** The graph's sentence-embedding node (tanh layer + L2 normalisation). */
const OUTPUT_NODE = 'module_apply_default/Encoder_en/hidden_layers/l2_normalize';
const DEFAULT_MAX_TOKENS = 128;

/** USE-lite drops token positions ≥ this constant; reading it keeps truncation in step with the graph. */
function graphMaxTokens(graph: TfjsGraph): number {
  for (const [name, weight] of graph.weights) {
    if (name.endsWith('ClipToMaxLength/Less/y') && weight.values.length === 1) return Number(weight.values[0]);
  }
  return DEFAULT_MAX_TOKENS;
}

/** The graph's sparse input: (row, position) pairs and the token id at each. */
function sparseInput(rows: readonly number[][]): Record<string, ort.Tensor> {
  const count = rows.reduce((n, r) => n + r.length, 0);
  const indices = new BigInt64Array(count * 2);
  const values = new BigInt64Array(count);
  let k = 0;
  rows.forEach((tokens, row) => {
    tokens.forEach((token, position) => {
      indices[2 * k] = BigInt(row);
      indices[2 * k + 1] = BigInt(position);
      values[k++] = BigInt(token);
    });
  });
  return { indices: new ort.Tensor('int64', indices, [count, 2]), values: new ort.Tensor('int64', values, [count]) };
}

/** Universal Sentence Encoder lite, converted from its TF.js graph to ONNX on first use and cached. */
export async function openUseLiteBackend(options: UseLiteOptions, logger: Logger): Promise<EncoderBackend<number[]>> {
  const modelJson = options.modelJson ?? packagedUseLiteModelJson();
  const sourceHash = await hashTfjsModel(modelJson);
  const int8 = options.precision === 'int8';
  const converted = await cachedConversion({
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    name: int8 ? 'use-lite-int8' : 'use-lite',
    sourceHash,
    converterVersion: CONVERTER_VERSION,
    metaSchema: z.object({ maxTokens: z.number().int().positive() }),
    convert: async () => {
      const graph = await loadTfjsGraph(modelJson);
      const fp32 = convertTfjsGraphToOnnx(graph, { outputs: [OUTPUT_NODE], graphName: 'use-lite' }).bytes;
      const bytes = int8 ? quantizeMatMulWeights(fp32).bytes : fp32;
      return { bytes, meta: { maxTokens: graphMaxTokens(graph) } };
    },
    logger,
  });
  logger.debug({ file: converted.file, fromCache: converted.fromCache }, 'USE-lite ONNX model ready');
  const { maxTokens } = converted.meta;
  const tokenize = await openUseLiteTokenizer(modelJson, maxTokens);
  const { session, device } = await openSession(converted.model, converted.file, {
    device: options.device,
    threads: options.threads,
    spinning: options.spinning,
    logger,
  });
  const outputName = session.outputNames[0]!;

  const run = async (rows: number[][]): Promise<Float32Array[]> => {
    const result = await session.run(sparseInput(rows));
    const output = result[outputName]!;
    const data = output.data as Float32Array;
    const dim = output.dims[1]!;
    const vectors = rows.map((_, i) => data.slice(i * dim, (i + 1) * dim));
    output.dispose();
    return vectors;
  };

  // The graph sizes its batch from the largest row index that has a token, so token-less rows are never
  // sent; they all get this vector (row 0 of a batch whose row 1 has a token), as the TF.js model gives.
  const [emptyEmbedding] = await run([[], tokenize('a')]);
  const dim = emptyEmbedding!.length;

  return {
    id: `${int8 ? 'use-lite-int8' : 'use-lite'}@${sourceHash.slice(0, 16)}`,
    dim,
    device,
    maxTokens,
    tokenize,
    async encodeTokenized(tokens) {
      const filled = tokens.flatMap((t, i) => (t.length > 0 ? [i] : []));
      const out: Float32Array[] = tokens.map(() => emptyEmbedding!.slice());
      if (filled.length === 0) return out;
      const vectors = await run(filled.map((i) => tokens[i]!));
      filled.forEach((i, k) => (out[i] = vectors[k]!));
      return out;
    },
    async close() {
      await session.release();
    },
  };
}
