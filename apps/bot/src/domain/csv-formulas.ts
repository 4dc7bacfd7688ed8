/**
 * CSV formula injection (OWASP): a spreadsheet opening an exported file runs a cell that starts with `=`, `+`, `-`
 * or `@` as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`), and some skip a leading tab or carriage return
 * before looking. Customer texts are attacker-controlled, so such a cell is written with a `'` in front, which
 * spreadsheets read as "this is text" and do not show.
 *
 * The escaping must be undone on import, exactly: a cell that already starts with quotes before such a character
 * gets one more, so unescaping (drop one quote when quotes precede such a character) gives back every text as it
 * was, `'=x` included. A cell starting with a quote before anything else (`'tis`) is left alone both ways.
 */
const ESCAPED = /^'+[=+\-@\t\r]/;
const NEEDS_ESCAPE = /^'*[=+\-@\t\r]/;

/** The cell as written to a CSV file: inert in a spreadsheet. */
export const escapeCsvFormula = (cell: string): string => (NEEDS_ESCAPE.test(cell) ? `'${cell}` : cell);

/** The cell as it was before escapeCsvFormula. */
export const unescapeCsvFormula = (cell: string): string => (ESCAPED.test(cell) ? cell.slice(1) : cell);
