import { signedPoints } from '../lib/format.ts';

/**
 * A change in points, with its sign in the text and its direction in the colour: green when it is an improvement,
 * which for an error rate is a fall.
 */
export function Delta({ value, higherIsBetter = true }: { value: number | null | undefined; higherIsBetter?: boolean }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  const better = higherIsBetter ? value : -value;
  const direction = better > 0.0005 ? 'up' : better < -0.0005 ? 'down' : 'flat';
  return <span className={`delta delta-${direction}`}>{signedPoints(value)}</span>;
}
