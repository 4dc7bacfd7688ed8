import type { EvaluationReport } from '../classifier/types.ts';
import { formatTable } from './format-table.ts';

const WORST_SHOWN = 10;

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const score = (x: number) => x.toFixed(3);

/** The report for a person: headline numbers, then the labels most worth fixing. */
export function formatEvaluation(report: EvaluationReport): string {
  const summary: string[][] = [
    ['examples', String(report.examples)],
    ['accuracy', percent(report.accuracy)],
    ['macro-F1', score(report.macroF1)],
    ['ECE', percent(report.ece)],
  ];
  if (report.oos !== undefined) {
    summary.push(['OOS precision', score(report.oos.precision)], ['OOS recall', score(report.oos.recall)]);
  }
  if (report.inScopeAccuracy !== undefined) summary.push(['in-scope accuracy', percent(report.inScopeAccuracy)]);

  const worst = Object.entries(report.perLabel)
    .sort(([a, x], [b, y]) => x.f1 - y.f1 || y.support - x.support || a.localeCompare(b))
    .slice(0, WORST_SHOWN);
  const labels = [
    ['label', 'precision', 'recall', 'F1', 'support'],
    ...worst.map(([label, m]) => [label, score(m.precision), score(m.recall), score(m.f1), String(m.support)]),
  ];
  const heading = worst.length < Object.keys(report.perLabel).length ? `worst ${worst.length} labels by F1` : 'labels by F1';
  return `${formatTable(summary)}\n${heading}:\n${formatTable(labels, '  ')}`;
}
