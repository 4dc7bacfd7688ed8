// Entry of the training child process. The server runs from TypeScript source under tsx, and a forked process does
// not inherit a loader it was not given, so tsx is registered here before the real entry is imported.
const { register } = await import('tsx/esm/api');
register();
await import('./training-worker.ts');
