/**
 * The server's entry point under another name. Other jobs on a shared machine stop their own servers by
 * command line (`pkill -f src/main.ts`), which also took down the benchmark's server mid-training; a distinct
 * command line keeps it out of their way. It runs exactly main.ts.
 */
await import('../../src/main.ts');
