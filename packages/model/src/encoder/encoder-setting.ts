import { z } from 'zod';
import { encoderOptionsSchema, type EncoderOptions } from './create-encoder.ts';

const SHORT_FORMS: Record<string, EncoderOptions> = {
  'use-lite': { kind: 'use-lite' },
  'use-lite-int8': { kind: 'use-lite', precision: 'int8' },
};

/**
 * Reads an encoder chosen in one string, as PARLEY_ENCODER gives it: `use-lite` (the default), `use-lite-int8`,
 * `hf:<model directory>`, or the encoder options as JSON (`{"kind":"hf","model":"/models/bge-small-zh","dtype":"q8"}`).
 * Throws a TypeError saying what is wrong and what is accepted.
 */
export function parseEncoderSetting(value: string): EncoderOptions {
  const text = value.trim();
  const shortForm = SHORT_FORMS[text];
  if (shortForm) return shortForm;
  let candidate: unknown;
  if (text.startsWith('hf:') && text.length > 3) candidate = { kind: 'hf', model: text.slice(3) };
  else if (text.startsWith('{')) {
    try {
      candidate = JSON.parse(text);
    } catch (error) {
      throw new TypeError(`not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  } else {
    throw new TypeError(`expected use-lite, use-lite-int8, hf:<model directory> or encoder options as JSON, got ${JSON.stringify(value)}`);
  }
  const parsed = encoderOptionsSchema.safeParse(candidate);
  if (!parsed.success) throw new TypeError(`invalid encoder options: ${z.prettifyError(parsed.error)}`);
  // The input, not the parsed result: defaults stay defaults, and runtime overrides (worker, cache) still apply.
  return candidate as EncoderOptions;
}
