/**
 * A trained demo data directory, made once and copied for every run: the first start of an empty data dir
 * seeds the demo bot and trains its model (about 100 s to minutes on a small machine), which must not count against
 * — or delay — each benchmark run. The template is keyed by a hash of everything that shapes it (migrations,
 * demo data, model code), so a change there makes a new one instead of benchmarking a stale schema or model.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { botAppDir, startServer } from './server-process.ts';

const COMPLETE = '.bench-template-complete';

export const cacheRoot = () => process.env.PARLEY_CACHE_DIR ?? path.join(homedir(), '.cache', 'parley');

/** sha256 over the files that decide what a trained demo looks like. */
function templateKey(): string {
  const hash = createHash('sha256');
  const demo = process.env['PARLEY_DEMO_DATA_DIR'] ?? path.join(botAppDir, 'demo');
  const roots = [path.join(botAppDir, 'migrations'), demo, path.join(botAppDir, '../../packages/model/src')];
  for (const root of roots) {
    for (const file of listFiles(root)) hash.update(path.relative(root, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    });
}

export interface PreparedData {
  /** PARLEY_DATA_DIR for this run. */
  dataDir: string;
  /** DATABASE_URL for this run (postgres only). */
  databaseUrl?: string;
  /** Where the run's PGlite database lives (pglite only). */
  pgliteDir?: string;
  templateDir: string;
  templateBuiltMs?: number;
  /** Removes the run's copy (and drops its database). */
  cleanup(): Promise<void>;
}

/** Starts a server on an empty data dir, lets it seed and train, and stops it. */
async function trainInto(dataDir: string, databaseUrl: string | undefined, log: (line: string) => void): Promise<number> {
  const started = performance.now();
  log(`training the demo model into ${dataDir} (one-off; 100 s – 3 min) …`);
  mkdirSync(dataDir, { recursive: true });
  const server = await startServer({ dataDir, databaseUrl, logLevel: 'info' }, path.join(dataDir, '..', 'template-build.log'));
  const code = await server.stop();
  // Everything is committed once the server is ready, so a slow shutdown (SIGKILL after the grace) spoils nothing.
  if (code !== 0) log(`the template server did not shut down cleanly (exit code ${code}); the trained data is kept`);
  return performance.now() - started;
}

export async function preparePglite(workDir: string, rebuild: boolean, log: (line: string) => void): Promise<PreparedData> {
  const templateDir = path.join(cacheRoot(), `bench-bot-data-template-${templateKey()}`);
  let templateBuiltMs: number | undefined;
  if (rebuild || !existsSync(path.join(templateDir, COMPLETE))) {
    rmSync(templateDir, { recursive: true, force: true });
    // Trained in place: the database stores the model artifact's absolute path, so the template cannot move.
    templateBuiltMs = await trainInto(path.join(templateDir, 'data'), undefined, log);
    writeFileSync(path.join(templateDir, COMPLETE), new Date().toISOString());
  }
  const dataDir = path.join(workDir, 'data');
  // The models stay in the template, where the copied database's artifact paths point; a stale lock file stays too.
  cpSync(path.join(templateDir, 'data'), dataDir, {
    recursive: true,
    filter: (source) => !source.endsWith('pgdata.lock') && path.relative(path.join(templateDir, 'data'), source) !== 'models',
  });
  return {
    dataDir,
    pgliteDir: path.join(dataDir, 'pgdata'),
    templateDir,
    ...(templateBuiltMs !== undefined && { templateBuiltMs }),
    cleanup: async () => rmSync(workDir, { recursive: true, force: true }),
  };
}

// ── PostgreSQL: a throwaway database per run, restored from a pg_dump of a trained one ───────────────────

const databaseUrlFor = (adminUrl: string, name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const newDatabaseName = () => `parley_bench_${randomBytes(5).toString('hex')}`;

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export async function preparePostgres(
  workDir: string,
  adminUrl: string,
  rebuild: boolean,
  log: (line: string) => void,
): Promise<PreparedData> {
  const templateDir = path.join(cacheRoot(), `bench-bot-pg-template-${templateKey()}`);
  const dump = path.join(templateDir, 'db.dump');
  let templateBuiltMs: number | undefined;
  if (rebuild || !existsSync(path.join(templateDir, COMPLETE))) {
    rmSync(templateDir, { recursive: true, force: true });
    const name = newDatabaseName();
    await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    try {
      templateBuiltMs = await trainInto(path.join(templateDir, 'data'), databaseUrlFor(adminUrl, name), log);
      execFileSync('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--file=${dump}`, databaseUrlFor(adminUrl, name)]);
    } finally {
      await dropDatabase(adminUrl, name);
    }
    writeFileSync(path.join(templateDir, COMPLETE), new Date().toISOString());
  }
  const name = newDatabaseName();
  const databaseUrl = databaseUrlFor(adminUrl, name);
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  try {
    execFileSync('pg_restore', ['--no-owner', '--no-acl', `--dbname=${databaseUrl}`, dump]);
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
  const dataDir = path.join(workDir, 'data');
  // demo-credentials.json names the bot; the models stay in the template, where the dump's artifact paths point.
  cpSync(path.join(templateDir, 'data'), dataDir, {
    recursive: true,
    filter: (source) => path.relative(path.join(templateDir, 'data'), source) !== 'models',
  });
  return {
    dataDir,
    databaseUrl,
    templateDir,
    ...(templateBuiltMs !== undefined && { templateBuiltMs }),
    cleanup: async () => {
      await dropDatabase(adminUrl, name);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** The demo bot's public key, from the widget tag of the chat page the server renders for it. */
export async function fetchPublicKey(baseUrl: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/`)).text();
  // Public keys are URL-safe base64, so the HTML-escaped attribute is the key itself.
  const key = /<script[^>]*\ssrc="\/widget\.js"[^>]*\sdata-bot="([^"]+)"/.exec(html)?.[1];
  if (!key) throw new Error(`no widget script with data-bot on the demo page at ${baseUrl}/`);
  return key;
}
