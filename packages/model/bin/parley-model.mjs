#!/usr/bin/env node
// The CLI runs the built JavaScript (dist/) with nothing but production dependencies. In development and tests —
// when the @parley/source condition is on (the package scripts set it), or nothing is built yet — it runs the
// TypeScript source through tsx instead, registered before a dynamic import (static ones resolve before it exists).
import { existsSync } from 'node:fs';
import process from 'node:process';

const built = new URL('../dist/cli/parley-model.js', import.meta.url);
const fromSource = import.meta.resolve('@parley/model').endsWith('.ts') || !existsSync(built);
let main;
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/parley-model.ts'));
} else {
  ({ main } = await import(built.href));
}
await main(process.argv);
