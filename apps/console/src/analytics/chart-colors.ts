/** A palette that stays distinguishable for common colour-vision deficiencies (Okabe–Ito). */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export const seriesColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length]!;

export function sentimentColor(label: string, index: number): string {
  if (/neg/i.test(label)) return '#D55E00';
  if (/pos/i.test(label)) return '#009E73';
  if (/neu/i.test(label)) return '#999999';
  return seriesColor(index);
}
