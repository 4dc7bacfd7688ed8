import { z } from 'zod';

/** The parts of a TF.js graph-model `model.json` that the converter reads. */
const attrValue = z
  .object({
    i: z.union([z.string(), z.number()]).optional(),
    f: z.number().optional(),
    b: z.boolean().optional(),
    s: z.union([z.string(), z.array(z.number())]).optional(),
    type: z.union([z.number(), z.string()]).optional(),
    list: z
      .object({
        i: z.array(z.union([z.string(), z.number()])).optional(),
        f: z.array(z.number()).optional(),
        s: z.array(z.union([z.string(), z.array(z.number())])).optional(),
      })
      .passthrough()
      .optional(),
    shape: z.unknown().optional(),
    tensor: z.unknown().optional(),
  })
  .passthrough();

export type TfAttrValue = z.infer<typeof attrValue>;

export const tfNodeSchema = z.object({
  name: z.string(),
  op: z.string(),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), attrValue).optional(),
});
export type TfNode = z.infer<typeof tfNodeSchema>;

export const weightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: z.unknown().optional(),
});
export type WeightSpec = z.infer<typeof weightSpecSchema>;

export const modelJsonSchema = z.object({
  modelTopology: z.object({ node: z.array(tfNodeSchema).min(1) }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(weightSpecSchema) })),
});
export type ModelJson = z.infer<typeof modelJsonSchema>;
