/** Aligns rows into columns: the first column left-aligned, the rest right-aligned, as numbers read best. */
export function formatTable(rows: readonly string[][], indent = ''): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const lines = rows.map(
    (row) => indent + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}
