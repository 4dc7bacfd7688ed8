import { pino, type Logger } from 'pino';

/**
 * Logs go to stderr so stdout stays machine-readable (eval --json, classify). Only warnings by default: the
 * CLI shows progress itself; LOG_LEVEL=info or debug shows more.
 */
export function cliLogger(): Logger {
  return pino({ name: 'parley-model', level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination({ dest: 2, sync: true }));
}
