import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// The package does not export its package.json; its entry point lies in dist/, next to it.
const pgliteManifest = path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
const pgliteVersion = (JSON.parse(readFileSync(pgliteManifest, 'utf8')) as { version: string }).version;

/**
 * A data dir (holding `pgdata`) that PGlite has initialised and nothing has touched since, to copy for each test
 * store. initdb takes 3–7 s on a small machine, so the result is kept in the OS temp dir across test files and
 * runs, per PGlite version; it holds no schema, so migrations never make it stale.
 */
export async function pgliteEmptyTemplate(): Promise<string> {
  const dir = path.join(os.tmpdir(), `parley-bot-pglite-initdb-${pgliteVersion}`);
  const marker = path.join(dir, 'complete');
  if (existsSync(marker)) return dir;

  const building = mkdtempSync(`${dir}-building-`);
  try {
    await (await PGlite.create(path.join(building, 'pgdata'))).close();
    writeFileSync(path.join(building, 'complete'), '');
    mkdirSync(path.dirname(dir), { recursive: true });
    // Another test process may have won the race; its template is as good as ours.
    if (!existsSync(marker)) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(building, dir);
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}
