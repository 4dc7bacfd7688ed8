import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

// The console's REST and socket types come from @parley/protocol, the contract the server validates against.
// These checks fail when the two disagree: a field the server renamed or retyped breaks the console's type-check,
// and a hand-written copy of a wire type (which would hide such a change) is refused by name.

const consoleRoot = fileURLToPath(new URL('..', import.meta.url));
const protocolRoot = dirname(fileURLToPath(import.meta.resolve('@parley/protocol')));

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

// `interface Name` or `type Name =` / `type Name<…> =`, not the `type Name` of an import or export list.
const DECLARATION =
  /^[ \t]*(?:export[ \t]+)?(?:declare[ \t]+)?(?:interface[ \t]+([A-Za-z_$][\w$]*)|type[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?=[=<]))/gm;

async function declaredTypes(files: string[]): Promise<{ name: string; file: string }[]> {
  const found: { name: string; file: string }[] = [];
  for (const file of files)
    for (const match of (await readFile(file, 'utf8')).matchAll(DECLARATION)) found.push({ name: (match[1] ?? match[2])!, file });
  return found;
}

/** Every type @parley/protocol exports: its schemas' inferred types, socket events, REST bodies. */
async function protocolTypeNames(): Promise<Set<string>> {
  const names = new Set<string>();
  const EXPORTED = /^export\s+(?:declare\s+)?(?:interface|type)\s+([A-Za-z_$][\w$]*)/gm;
  for (const file of await sourceFiles(protocolRoot))
    for (const match of (await readFile(file, 'utf8')).matchAll(EXPORTED)) names.add(match[1]!);
  return names;
}

// Reruns check only what changed since the last run (the first takes a while: zod's inferred types are deep).
const INCREMENTAL = ['--incremental', '--tsBuildInfoFile', join(consoleRoot, 'node_modules/.cache/contract.tsbuildinfo')];

describe('the console and the server agree on the API', () => {
  it('type-checks against the contract of @parley/protocol', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await promisify(execFile)(
      process.execPath,
      [tsc, '-p', join(consoleRoot, 'tsconfig.json'), '--noEmit', '--pretty', 'false', ...INCREMENTAL],
      {
        cwd: consoleRoot,
      },
    ).then(
      () => null,
      (error: { stdout?: string; stderr?: string; message: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message,
    );
    assert.equal(result, null, `the console no longer fits the contract:\n${result}`);
  });

  it('declares none of the wire types itself', async () => {
    const wire = await protocolTypeNames();
    assert.ok(wire.has('TrainingJob') && wire.has('ConversationSummary'), `no protocol types found under ${protocolRoot}`);
    const copies = (await declaredTypes(await sourceFiles(join(consoleRoot, 'src'))))
      .filter(({ name }) => wire.has(name))
      .map(({ name, file }) => `${name} in ${relative(consoleRoot, file)}`);
    assert.deepEqual(copies, [], 'import these from @parley/protocol instead');
  });
});
