import { signedPoints } from '../lib/format.ts';

/** A change in points, with its sign in the text and its direction in the colour. */
export function Delta({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  const direction = value > 0.0005 ? 'up' : value < -0.0005 ? 'down' : 'flat';
  return <span className={`delta delta-${direction}`}>{signedPoints(value)}</span>;
}
