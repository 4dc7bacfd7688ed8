import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** A module resolve hook that reports every specifier naming transformers.js or what only it brings. */
const HOOKS = `export async function resolve(specifier, context, next) {
  if (/@huggingface\\/transformers|onnxruntime-web|^sharp$/.test(specifier)) process.stderr.write('RESOLVED ' + specifier + '\\n');
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** Runs `code` (ESM, in the package directory, on its sources) and returns the specifiers the hook saw resolved. */
async function resolvedBy(code: string): Promise<string[]> {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    [
      '--conditions=@parley/source',
      '--import',
      `data:text/javascript,${encodeURIComponent(REGISTER)}`,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      code,
    ],
    { cwd: packageDir, timeout: 120_000 },
  );
  return stderr.split('\n').flatMap((line) => (line.startsWith('RESOLVED ') ? [line.slice('RESOLVED '.length)] : []));
}

test(
  'transformers.js stays out of a process that does not open a Hugging Face model, and loads when one does',
  { timeout: 240_000 },
  async () => {
    // The whole public API, and a model artifact's schema, without touching an hf model.
    assert.deepEqual(
      await resolvedBy(`const m = await import('./src/index.ts'); m.encoderOptionsSchema.parse({ kind: 'hf', model: '/m' });`),
      [],
    );
    // The guard can fail: opening an hf model does resolve it.
    const opened = await resolvedBy(
      `const { loadTransformers } = await import('./src/transformers/load-transformers.ts'); await loadTransformers();`,
    );
    assert.ok(opened.includes('@huggingface/transformers'), opened.join(', '));
  },
);
