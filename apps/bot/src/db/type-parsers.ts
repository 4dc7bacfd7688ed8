/**
 * Result parsers both drivers install, so a row reads the same on Postgres and PGlite. Left alone, `pg` returns
 * int8 as a string and date as a local-midnight Date, while PGlite returns int8 as a number (a bigint past 2^53)
 * and date as a UTC-midnight Date.
 */

const INT8 = 20;
const DATE = 1082;

function parseInt8(value: string): number {
  const parsed = Number(value);
  // Sequence numbers and counters never get near 2^53; if one does, failing beats silently rounding it.
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} is outside the safe integer range`);
  return parsed;
}

/** A calendar day is not an instant: keep it as 'YYYY-MM-DD'. */
const parseDate = (value: string): string => value;

export const typeParsers: Readonly<Record<number, (value: string) => unknown>> = {
  [INT8]: parseInt8,
  [DATE]: parseDate,
};
