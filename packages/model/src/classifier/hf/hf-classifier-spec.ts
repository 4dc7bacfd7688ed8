import { z } from 'zod';
import { deviceFields, hfModelFields } from '../../transformers/hf-options.ts';

const modelField = {
  /** A Hugging Face model directory (tokenizer.json, config.json, onnx/model.onnx), or a hub id with `remote` on. */
  model: z.string().min(1),
  ...hfModelFields,
};

/** A user's sequence-classification model (exported to ONNX), run by transformers.js's text-classification pipeline. */
export const textClassificationSpecSchema = z.object({
  kind: z.literal('text-classification'),
  ...modelField,
  /** The model's labels (config.json id2label) renamed to the bot's: {"LABEL_0": "negative"}; unlisted ones keep their names. */
  labelMap: z.record(z.string(), z.string().min(1)).default({}),
});

export const zeroShotCandidateSchema = z.object({
  label: z.string().min(1),
  /** What the label means, in words: the hypothesis reads better than a label's name ("asks where an order is"). */
  description: z.string().min(1).optional(),
});

/** Zero-shot classification with an NLI model: each label becomes a hypothesis the message may entail. */
export const zeroShotSpecSchema = z.object({
  kind: z.literal('zero-shot'),
  ...modelField,
  candidates: z
    .array(zeroShotCandidateSchema)
    .min(2)
    .refine((c) => new Set(c.map((x) => x.label)).size === c.length, 'candidate labels must be unique'),
  /** `{}` is replaced by a label's description (else its name), as transformers' hypothesis_template. */
  hypothesisTemplate: z
    .string()
    .includes('{}', { message: 'the hypothesis template needs a {} for the label' })
    .default('This example is {}.'),
});

/** What an artifact records of a task served by a Hugging Face classifier instead of trained heads. */
export const hfClassifierSpecSchema = z.discriminatedUnion('kind', [textClassificationSpecSchema, zeroShotSpecSchema]);
export type HfClassifierSpec = z.output<typeof hfClassifierSpecSchema>;
export type HfClassifierSpecInput = z.input<typeof hfClassifierSpecSchema>;

export const hfClassifierOptionsSchema = z.discriminatedUnion('kind', [
  textClassificationSpecSchema.extend(deviceFields),
  zeroShotSpecSchema.extend(deviceFields),
]);
export type HfClassifierOptions = z.input<typeof hfClassifierOptionsSchema>;
