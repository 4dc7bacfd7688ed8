import fc from 'fast-check';

export interface CasesRun {
  ran: number;
  planned: number;
  /** The time limit cut the run short. */
  timedOut: boolean;
}

/**
 * Draws `count` cases from `arbitrary` with `seed` and runs them one at a time (failures are charged to the case
 * in flight, so cases never overlap), stopping early past `timeLimitMs`. Drawn up front with fc.sample, not run
 * as a property: every failure is recorded and the run goes on, rather than stopping and shrinking the first
 * one against a server whose state the earlier cases changed.
 */
export async function runCases<T>(
  arbitrary: fc.Arbitrary<T>,
  options: { seed: number; count: number; timeLimitMs: number },
  run: (value: T, index: number) => Promise<void>,
): Promise<CasesRun> {
  const cases = fc.sample(arbitrary, { seed: options.seed, numRuns: options.count });
  const deadline = performance.now() + options.timeLimitMs;
  let ran = 0;
  for (const value of cases) {
    if (performance.now() > deadline) return { ran, planned: cases.length, timedOut: true };
    await run(value, ran);
    ran++;
  }
  return { ran, planned: cases.length, timedOut: false };
}
