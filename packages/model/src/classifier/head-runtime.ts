import * as ort from 'onnxruntime-node';
import type { RouteHead } from './artifact-schema.ts';
import { routeFeatureRows } from './features/route-features.ts';
import { headLogits } from './training/fit-head.ts';
import { headGraph } from './training/head-graph.ts';

/** Row-major calibrated probabilities: softmax(logits / temperature) per row. */
export function softmaxRows(logits: Float32Array, classes: number, temperature: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / classes; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    let max = -Infinity;
    for (const z of row) max = Math.max(max, z);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[r * classes + c] = Math.exp((row[c]! - max) / temperature);
    for (let c = 0; c < classes; c++) out[r * classes + c]! /= sum;
  }
  return out;
}

/** One route head ready to score texts: its inference graph on ONNX Runtime. */
export class HeadRuntime {
  private constructor(
    readonly route: RouteHead,
    private readonly session: ort.InferenceSession,
    private readonly embeddingDim: number,
  ) {}

  static async open(route: RouteHead, embeddingDim: number): Promise<HeadRuntime> {
    // Weights baked in: fed per call, megabytes were copied into ONNX Runtime for every message.
    const session = await ort.InferenceSession.create(headGraph(route.layers, 'infer', route.layers), {
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      // A head is one small GEMM per layer: a thread pool costs more to wake than it saves.
      intraOpNumThreads: 1,
    });
    return new HeadRuntime(route, session, embeddingDim);
  }

  /** Calibrated probabilities over `route.labels`, row-major [texts, labels]. */
  async probabilities(texts: readonly string[], embeddings: ReadonlyArray<Float32Array | undefined>): Promise<Float32Array> {
    const rows = routeFeatureRows(this.route, texts, embeddings, this.embeddingDim);
    const logits = await headLogits(this.session, this.route.layers, undefined, rows);
    return softmaxRows(logits, this.route.labels.length, this.route.temperature);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
