/**
 * The folders of src/ form layers, and code only calls down: transport (HTTP routes, sockets, channel webhooks,
 * the server) calls actions (conversation, domain, training, review, analytics), which call the foundation
 * (stores in db/, the engine, the models, auth and config helpers). The composition root (app/, demo/, main.ts)
 * wires them together. Type-only imports are free: they vanish at run time and carry no behaviour.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));

const LAYERS = {
  foundation: ['auth', 'cluster', 'config', 'db', 'engine', 'knowledge', 'models'],
  actions: ['conversation', 'domain', 'training', 'review', 'analytics', 'queue'],
  transport: ['channels', 'http', 'realtime', 'server'],
  composition: ['app', 'demo', '.'],
} as const;
const ORDER = Object.keys(LAYERS) as (keyof typeof LAYERS)[];

const layerOf = (folder: string): number => ORDER.findIndex((layer) => (LAYERS[layer] as readonly string[]).includes(folder));

/** The top-level folder of a path under src/ ('.' for a file directly in it). */
const folderOf = (relative: string): string => (relative.includes(path.sep) ? relative.split(path.sep)[0]! : '.');

async function valueImports(): Promise<{ from: string; to: string }[]> {
  const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts'));
  const found = [];
  for (const file of files) {
    const code = await readFile(path.join(src, file), 'utf8');
    for (const [, typeOnly, specifier] of code.matchAll(/^(?:import|export)\s(type\s)?[^;]*?\sfrom\s+'(\.[^']+)';/gms)) {
      if (typeOnly) continue;
      found.push({ from: file, to: path.relative(src, path.resolve(src, path.dirname(file), specifier!)) });
    }
  }
  return found;
}

test('every folder of src/ belongs to exactly one layer', async () => {
  const folders = (await readdir(src, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const folder of folders) assert.notEqual(layerOf(folder), -1, `src/${folder} is in no layer: add it to LAYERS`);
  assert.deepEqual(
    Object.values(LAYERS)
      .flat()
      .filter((folder) => folder !== '.')
      .sort(),
    [...folders].sort(),
  );
});

test('no value import points up a layer', async () => {
  const imports = await valueImports();
  assert.ok(imports.length > 200, `only ${imports.length} imports found: is the pattern still right?`);
  const upward = imports.filter(({ from, to }) => layerOf(folderOf(to)) > layerOf(folderOf(from))).map(({ from, to }) => `${from} → ${to}`);
  assert.deepEqual(upward, []);
});

/**
 * The stores in db/ are the only place that writes SQL: everything else calls a named store function with the
 * database or transaction it has. A string or template literal that opens with an SQL verb (after optional
 * whitespace) outside db/ is SQL written in the wrong place.
 */
const SQL_LITERAL = /(['"`])\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER)\s/gi;

/** `code` with its comments blanked (newlines kept, so line numbers hold): quoted words in prose are not SQL. */
const withoutComments = (code: string): string =>
  code.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|\s)\/\/.*$/gm, '$1');

test('no file under src/ outside db/ contains SQL', async () => {
  const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts') && folderOf(file) !== 'db');
  assert.ok(files.length > 100, `only ${files.length} files found: is src/ still where it was?`);
  const found: string[] = [];
  for (const file of files) {
    const code = withoutComments(await readFile(path.join(src, file), 'utf8'));
    for (const match of code.matchAll(SQL_LITERAL)) {
      const line = code.slice(0, match.index).split('\n').length;
      found.push(`${file}:${line}: ${code.slice(match.index, match.index + 60).split('\n')[0]}`);
    }
  }
  assert.deepEqual(found, []);
});
