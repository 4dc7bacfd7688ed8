import { BENCH_METRICS_TOKEN } from './server-process.ts';

/** The server's own view, from GET /metrics (prom-client text format): counters, histograms, event-loop lag. */

export type Snapshot = Map<string, number>;

/** Every sample line, keyed by `name{labels}` exactly as printed. */
export async function scrape(baseUrl: string): Promise<Snapshot> {
  const text = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } })).text();
  const samples: Snapshot = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

export const value = (s: Snapshot, key: string) => s.get(key) ?? 0;
export const delta = (before: Snapshot, after: Snapshot, key: string) => value(after, key) - value(before, key);

/** Counter values by one label, as a change between two snapshots: e.g. decisions by kind. */
export function byLabel(before: Snapshot, after: Snapshot, metric: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const pattern = new RegExp(`^${metric}\\{(?:.*,)?${label}="([^"]*)"`);
  for (const key of after.keys()) {
    const match = pattern.exec(key);
    if (match) out[match[1]!] = delta(before, after, key);
  }
  return out;
}

export interface HistogramSummary {
  count: number;
  meanMs: number;
  /** Interpolated within buckets, as Prometheus' histogram_quantile does: an estimate, bounded by bucket edges. */
  p50Ms: number;
  p99Ms: number;
}

/** A histogram's observations between two snapshots. */
export function histogram(before: Snapshot, after: Snapshot, metric: string): HistogramSummary {
  const buckets: Array<{ le: number; count: number }> = [];
  for (const key of after.keys()) {
    const match = new RegExp(`^${metric}_bucket\\{le="([^"]+)"`).exec(key);
    if (match) buckets.push({ le: match[1] === '+Inf' ? Infinity : Number(match[1]), count: delta(before, after, key) });
  }
  buckets.sort((a, b) => a.le - b.le);
  const count = delta(before, after, `${metric}_count`);
  const sum = delta(before, after, `${metric}_sum`);
  const quantile = (q: number) => {
    if (count === 0) return NaN;
    const rank = q * count;
    let lower = 0;
    let below = 0;
    for (const bucket of buckets) {
      if (bucket.count >= rank) {
        // Past the last finite bucket: only a lower bound is known.
        if (bucket.le === Infinity) return Infinity;
        return (lower + ((bucket.le - lower) * (rank - below)) / Math.max(1, bucket.count - below)) * 1000;
      }
      lower = bucket.le;
      below = bucket.count;
    }
    return NaN;
  };
  return { count, meanMs: count ? (sum / count) * 1000 : NaN, p50Ms: quantile(0.5), p99Ms: quantile(0.99) };
}
