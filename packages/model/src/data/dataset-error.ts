/**
 * A problem in a data file, located like a compiler error (`data.jsonl:17: "label" is missing`) so editors and
 * terminals can jump to it. `line` is absent only for problems of the whole file (unknown format, no examples).
 */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${problem}`, options);
    this.name = 'DatasetError';
  }
}
