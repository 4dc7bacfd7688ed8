// Worker entry when the encoder runs from TypeScript source under tsx (development and tests): a worker thread does
// not inherit the loader, so tsx is registered here first. Built code (dist/) starts session-worker.js directly.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
