import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

const levelNames: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };
/** Fields every pino record has; the rest are the caller's context, worth showing. */
const standardFields = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

/**
 * Logs go to stderr so stdout stays machine-readable (eval --json, classify), as one readable line each
 * ("warning: …") rather than pino's JSON. Only warnings by default: the CLI shows progress itself;
 * LOG_LEVEL=info or debug shows more.
 */
export function cliLogger(stderr: NodeJS.WritableStream = process.stderr): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) stderr.write(`${humanLine(line)}\n`);
      done();
    },
  });
  return pino({ name: 'parley-model', level: process.env.LOG_LEVEL ?? 'warn' }, sink);
}

function humanLine(json: string): string {
  const record = JSON.parse(json) as Record<string, unknown>;
  const context = Object.fromEntries(Object.entries(record).filter(([key]) => !standardFields.has(key)));
  // pino serialises errors with their stack, which users only see with PARLEY_DEBUG=1.
  const err = context.err as { message?: unknown } | undefined;
  if (err?.message !== undefined && process.env.PARLEY_DEBUG !== '1') context.err = err.message;
  const level = levelNames[record.level as number] ?? String(record.level);
  const extra = Object.keys(context).length > 0 ? ` ${JSON.stringify(context)}` : '';
  return `${level}: ${String(record.msg ?? '')}${extra}`;
}
