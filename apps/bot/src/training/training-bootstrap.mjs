// Entry of the training child process when the server runs from TypeScript source under tsx (development and
// tests): a forked process does not inherit a loader it was not given, so tsx is registered here before the real
// entry is imported. Built servers (dist/) fork the compiled training-worker.js directly and never load this file.
const { register } = await import('tsx/esm/api');
register();
await import('./training-worker.ts');
