import { DatasetError } from './dataset-error.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const NEWLINE = 0x0a;

/**
 * Decodes a data file, refusing invalid UTF-8 instead of silently turning it into U+FFFD, which would train on
 * garbage. A leading BOM is dropped.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new DatasetError(file, firstInvalidLine(bytes), 'not valid UTF-8 (save the file as UTF-8)');
  }
}

/** The decoder does not say where it failed; a UTF-8 sequence never contains a newline byte, so lines decode alone. */
function firstInvalidLine(bytes: Uint8Array): number | undefined {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(NEWLINE, start);
    const stop = end === -1 ? bytes.length : end;
    try {
      strictUtf8.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    start = stop + 1;
  }
  return undefined;
}
