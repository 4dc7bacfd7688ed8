import path from 'node:path';
import type { Tensor } from '@huggingface/transformers';
import { z } from 'zod';
import type { ResolvedDevice } from '../../encoder/encoder-types.ts';
import { assertTexts } from '../../encoder/text-input.ts';
import { defaultLogger, type Logger } from '../../runtime/logger.ts';
import { hashModelFile, resolveHfSource, type HfSource } from '../../transformers/hf-model-source.ts';
import { loadTransformers } from '../../transformers/load-transformers.ts';
import { openHfPipeline } from '../../transformers/open-pipeline.ts';
import { hfClassifierOptionsSchema, type HfClassifierOptions, type HfClassifierSpec } from './hf-classifier-spec.ts';

/** A classifier on transformers.js: a probability per label for each text. */
export interface HfClassifier {
  /** The weights (name and SHA-256 of the ONNX file) and the backend: a model artifact checks it on load. */
  readonly id: string;
  readonly kind: HfClassifierSpec['kind'];
  /** Parley's labels, in the order of `probabilities`' entries. */
  readonly labels: readonly string[];
  readonly device: ResolvedDevice;
  probabilities(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Texts per model run for text-classification: bounds the padded batch. */
const CHUNK = 32;

async function classifierId(source: HfSource, spec: HfClassifierSpec): Promise<string> {
  const hash = (await hashModelFile(source.modelFile)) ?? spec.revision ?? 'main';
  return `hf-${spec.kind}:${source.local ? path.basename(source.location) : source.location}@${hash}`;
}

function softmax(values: ArrayLike<number>): Float32Array {
  const max = Math.max(...Array.from(values));
  const exps = Array.from(values, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return Float32Array.from(exps, (e) => e / sum);
}

/**
 * Opens a user's ONNX sequence-classification model (`text-classification`) or an NLI model for zero-shot labels
 * (`zero-shot`) through transformers.js. Both run on the calling thread, in-process.
 */
export async function openHfClassifier(input: HfClassifierOptions, logger: Logger = defaultLogger()): Promise<HfClassifier> {
  const parsed = hfClassifierOptionsSchema.safeParse(input);
  if (!parsed.success) throw new TypeError(`invalid classifier options: ${z.prettifyError(parsed.error)}`);
  const options = parsed.data;
  const { env } = await loadTransformers();
  const source = await resolveHfSource(options.model, { remote: options.remote, dtype: options.dtype, cacheDir: env.cacheDir ?? '' });
  const id = await classifierId(source, options);
  const classifier =
    options.kind === 'text-classification'
      ? await openTextClassifier(options, source, id, logger)
      : await openZeroShot(options, source, id, logger);
  logger.info(
    { id, kind: options.kind, labels: classifier.labels.length, device: classifier.device, dtype: options.dtype },
    'HF classifier ready (transformers.js)',
  );
  return classifier;
}

async function openTextClassifier(
  options: Extract<z.output<typeof hfClassifierOptionsSchema>, { kind: 'text-classification' }>,
  source: HfSource,
  id: string,
  logger: Logger,
): Promise<HfClassifier> {
  const { pipe, device } = await openHfPipeline('text-classification', source, options, logger);
  const config = pipe.model.config as unknown as { id2label?: Record<string, string> };
  const id2label = Object.entries(config.id2label ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  if (id2label.length < 2) {
    await pipe.dispose();
    throw new Error(`${path.join(source.location, 'config.json')}: a text-classification model needs id2label with at least two labels`);
  }
  const modelLabels = id2label.map(([, label]) => label);
  const unknown = Object.keys(options.labelMap).filter((label) => !modelLabels.includes(label));
  if (unknown.length > 0) {
    await pipe.dispose();
    throw new Error(`labelMap renames ${unknown.join(', ')}, which the model does not have (its labels: ${modelLabels.join(', ')})`);
  }
  const labels = modelLabels.map((label) => options.labelMap[label] ?? label);
  if (new Set(labels).size !== labels.length) {
    await pipe.dispose();
    throw new Error(`labelMap maps two of the model's labels to one name: ${labels.join(', ')}`);
  }
  const index = new Map(modelLabels.map((label, i) => [label, i]));
  return {
    id,
    kind: 'text-classification',
    labels,
    device,
    async probabilities(texts) {
      assertTexts(texts);
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += CHUNK) {
        const chunk = texts.slice(start, start + CHUNK);
        // top_k = every label: the pipeline applies the model's own activation (softmax, or sigmoid for multi-label).
        // An array of texts with top_k > 1 gives one list of {label, score} per text.
        const results = (await pipe([...chunk], { top_k: labels.length })) as unknown as Array<Array<{ label: string; score: number }>>;
        for (const scores of results) {
          const row = new Float32Array(labels.length);
          for (const { label, score } of scores) row[index.get(label)!] = score;
          out.push(row);
        }
      }
      return out;
    },
    close: () => pipe.dispose(),
  };
}

async function openZeroShot(
  options: Extract<z.output<typeof hfClassifierOptionsSchema>, { kind: 'zero-shot' }>,
  source: HfSource,
  id: string,
  logger: Logger,
): Promise<HfClassifier> {
  const { pipe, device } = await openHfPipeline('zero-shot-classification', source, options, logger);
  const { entailment_id: entailment } = pipe as unknown as { entailment_id: number };
  const hypotheses = options.candidates.map((c) => options.hypothesisTemplate.replace('{}', c.description ?? c.label));
  const labels = options.candidates.map((c) => c.label);
  return {
    id,
    kind: 'zero-shot',
    labels,
    device,
    async probabilities(texts) {
      assertTexts(texts);
      const out: Float32Array[] = [];
      for (const premise of texts) {
        // One run per text with every hypothesis in the batch; the pipeline's own call runs the model once per
        // (text, label) pair, 27 runs for the demo's 27 intents. Same pairs, same entailment softmax over labels.
        const inputs = pipe.tokenizer(
          hypotheses.map(() => premise),
          { text_pair: hypotheses, padding: true, truncation: true },
        );
        const { logits } = (await pipe.model(inputs)) as { logits: Tensor };
        const width = logits.dims[1]!;
        const data = logits.data as Float32Array;
        out.push(softmax(hypotheses.map((_, row) => data[row * width + entailment]!)));
      }
      return out;
    },
    close: () => pipe.dispose(),
  };
}
