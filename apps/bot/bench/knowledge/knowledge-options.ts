import { parseArgs } from 'node:util';
import { z } from 'zod';

export const HEADLINE_CHUNKS = 10_000;

const engines = z
  .array(z.enum(['pglite', 'postgres']))
  .min(1)
  .refine((list) => new Set(list).size === list.length, 'an engine is named twice');
const sizes = z
  .array(z.coerce.number().int().min(1_000).max(1_000_000))
  .refine((list) => list.includes(HEADLINE_CHUNKS), `must include ${HEADLINE_CHUNKS}: the headline figures are measured there`)
  .refine((list) => new Set(list).size === list.length, 'a size is named twice');

export interface KnowledgeBenchOptions {
  quick: boolean;
  /** Engines whose search latency is measured at scale; the first gives the headline figures. */
  engines: ('pglite' | 'postgres')[];
  /** Chunk counts of the scale bot, ascending. */
  sizes: number[];
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `--quick`, `--engines=pglite,postgres` (default both), `--sizes=10000,100000` (default); throws naming a bad flag. */
export function parseKnowledgeBenchOptions(argv: readonly string[]): KnowledgeBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      engines: { type: 'string', default: 'pglite,postgres' },
      sizes: { type: 'string', default: '10000,100000' },
    },
  });
  const parsedEngines = engines.safeParse(list(values.engines));
  if (!parsedEngines.success) throw new Error(`--engines=${values.engines}: ${z.prettifyError(parsedEngines.error)}`);
  const parsedSizes = sizes.safeParse(list(values.sizes));
  if (!parsedSizes.success) throw new Error(`--sizes=${values.sizes}: ${z.prettifyError(parsedSizes.error)}`);
  return { quick: values.quick, engines: parsedEngines.data, sizes: parsedSizes.data.sort((a, b) => a - b) };
}
