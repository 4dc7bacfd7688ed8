#!/usr/bin/env node
// The CLI is TypeScript run from source, like the rest of the package: register tsx's loader, then import it.
// A dynamic import, because static ones would be resolved before the loader exists.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/parley-model.ts');
await main(process.argv);
