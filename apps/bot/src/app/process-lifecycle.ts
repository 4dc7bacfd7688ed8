/**
 * What every long-running entry (main.ts, worker.ts) does the same way: read the settings or exit with the list of
 * bad ones, log as configured, and stop cleanly on SIGINT/SIGTERM.
 */
import { pino, type Logger } from 'pino';
import { ConfigError, loadConfig, type ServerConfig } from '../config/env.ts';

/** The settings, or exit 2 naming every bad variable. */
export function loadConfigOrExit(): ServerConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** The process's logger; unhandled rejections are logged rather than crashing it. */
export function processLogger(config: ServerConfig): Logger {
  // Channel secrets live in records that must never reach a log line, even by mistake.
  const logger = pino({ level: config.logLevel, redact: { paths: ['secrets', '*.secrets', 'channel.secrets'], censor: '[redacted]' } });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  return logger;
}

/** Steps run on a stop, last pushed first: push each resource's closer right after opening it. */
export interface Closers {
  push(close: () => Promise<unknown>): void;
}

/**
 * Installs the SIGINT/SIGTERM handlers: the first signal runs every closer in reverse order (a failing step is
 * logged and the rest still run), then exits 0. Install it before opening anything, so that a stop during a long
 * start still closes what was opened (a killed PGlite can leave its data directory needing recovery).
 */
export function handleShutdown(logger: Logger): Closers {
  const closers: Array<() => Promise<unknown>> = [];
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    void (async () => {
      for (const close of closers.reverse()) await close().catch((err: unknown) => logger.warn({ err }, 'shutdown step failed'));
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return { push: (close) => void closers.push(close) };
}
