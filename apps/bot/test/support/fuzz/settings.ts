/**
 * The fuzz run's knobs. A fixed seed keeps `npm test` reproducible; a failure report names the seed and run count,
 * and setting both replays the same cases. PARLEY_FUZZ_RUNS raises the case count for a long run.
 */
export const AREAS = ['rest', 'raw-http', 'customer-socket', 'operator-socket'] as const;
export type Area = (typeof AREAS)[number];

const DEFAULT_SEED = 20_250_611;
/** A few thousand cases: about 20 s on a 2-core machine, server start included. */
const DEFAULT_RUNS = 3_000;

// Share of the runs each area gets: REST has the most surface, raw HTTP a handful of shapes per route.
const SHARES: Record<Area, number> = { rest: 0.5, 'raw-http': 0.12, 'customer-socket': 0.19, 'operator-socket': 0.19 };

// A safety net, not a budget: a hanging server must not hang `npm test`, so an area stops drawing cases after
// this long and reports how many it got through.
const MS_PER_CASE_LIMIT = 40;
const MIN_AREA_LIMIT_MS = 30_000;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

export interface FuzzSettings {
  seed: number;
  runs: number;
  /** Cases for one area. */
  casesFor(area: Area): number;
  /** Each area's own seed, so one area's case count never shifts another's cases. */
  seedFor(area: Area): number;
  /** When an area stops drawing new cases. */
  timeLimitMs(area: Area): number;
  /** The environment that replays this run. */
  replay: string;
}

export function fuzzSettings(): FuzzSettings {
  const seed = envInt('PARLEY_FUZZ_SEED', DEFAULT_SEED);
  const runs = envInt('PARLEY_FUZZ_RUNS', DEFAULT_RUNS);
  const casesFor = (area: Area) => Math.max(1, Math.round(runs * SHARES[area]));
  return {
    seed,
    runs,
    casesFor,
    seedFor: (area) => (seed + AREAS.indexOf(area) * 7_919) | 0,
    timeLimitMs: (area) => Math.max(MIN_AREA_LIMIT_MS, casesFor(area) * MS_PER_CASE_LIMIT),
    replay: `PARLEY_FUZZ_SEED=${seed} PARLEY_FUZZ_RUNS=${runs}`,
  };
}
