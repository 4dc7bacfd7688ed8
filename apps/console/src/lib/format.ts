const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** A fraction in [0, 1] as a percentage. */
export const percent = (fraction: number) => percentFormat.format(fraction);

/** A change of a fraction, in percentage points with its sign: "+1.2 pt", "−0.4 pt". */
export function signedPoints(delta: number): string {
  const points = Math.round(delta * 1000) / 10;
  if (points === 0) return '±0 pt';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pt`;
}

export const dateTime = (value: string | number) => dateTimeFormat.format(new Date(value));
export const time = (value: string | number) => timeFormat.format(new Date(value));

/** "out_of_scope" → "out of scope", for reasons and statuses shown to people. */
export const humanize = (code: string) => code.replace(/[_-]+/g, ' ');
