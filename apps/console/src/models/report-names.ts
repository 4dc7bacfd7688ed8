import type { Comparison } from '@parley/protocol';

/** What a report calls its two models. */
export interface ReportNames {
  candidate: string;
  baseline: string;
}

/**
 * A report is written before anyone promotes, so its "candidate" and "live" are the roles at that time; once the
 * live model changes, calling the retired one "Live" would be wrong, so the names follow the live version now.
 */
export function reportNames(report: Pick<Comparison, 'candidate' | 'live'>, liveVersion: string | null): ReportNames {
  const promoted = liveVersion !== null && liveVersion === report.candidate.version;
  const baselineLive = liveVersion !== null && liveVersion === report.live?.version;
  return { candidate: promoted ? 'Promoted' : 'Candidate', baseline: baselineLive ? 'Live' : 'Previously live' };
}
