import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A logger that keeps its records in memory, so tests can assert on what was logged. */
export function memoryLogger(): { logger: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) records.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), records };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
