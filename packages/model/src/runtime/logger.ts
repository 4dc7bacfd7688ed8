import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** The package's default logger; callers pass their own to route logs elsewhere. */
export function defaultLogger(): Logger {
  return pino({ name: 'parley-model', level: process.env.LOG_LEVEL ?? 'info' });
}
