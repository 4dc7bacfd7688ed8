import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A README's runnable examples written out as modules a reader would write, outside the tree. */
export interface ReadmeExamples {
  /** How many runnable blocks the README has. */
  count: number;
  /** The examples' exports, merged in README order. */
  modules: Record<string, unknown>;
  /** Type errors under the repository's strict settings, as `block-N.ts:line: message`. */
  typeErrors(): string[];
  remove(): Promise<void>;
}

/** The ```ts blocks that follow a `<!-- runnable … -->` marker, so prose-only sketches may stay untested. */
export function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/<!-- runnable\b[^>]*-->\s*```ts\n([\s\S]*?)\n```/g)].map((match) => match[1]!);
}

/** Writes `readme` (relative to the repository root)'s runnable blocks as modules and imports them. */
export async function loadReadmeExamples(readme: string): Promise<ReadmeExamples> {
  const blocks = runnableBlocks(readFileSync(path.join(repoRoot, readme), 'utf8'));
  // A folder of its own; the node_modules link resolves `@parley/*` as a reader's install would.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-readme-'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const files = blocks.map((block, i) => {
    const file = path.join(dir, `block-${i}.ts`);
    writeFileSync(file, block);
    return file;
  });
  const modules: Record<string, unknown> = {};
  for (const file of files) Object.assign(modules, await import(pathToFileURL(file).href));
  return {
    count: blocks.length,
    modules,
    typeErrors() {
      const base = ts.readConfigFile(path.join(repoRoot, 'tsconfig.base.json'), (file) => ts.sys.readFile(file));
      const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, dir);
      const where = (d: ts.Diagnostic) =>
        d.file && d.start !== undefined
          ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
          : '';
      return ts
        .getPreEmitDiagnostics(ts.createProgram(files, options))
        .map((d) => where(d) + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Polls `condition` every 20 ms until it holds, or fails naming `what`. */
export async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
