// Worker entry: registers tsx when the real entry is TypeScript source, as it is when Parley runs under tsx.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
