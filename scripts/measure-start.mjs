#!/usr/bin/env node
// Start-up time and memory of the bot server, TypeScript under tsx against the built JavaScript, side by side:
// node scripts/measure-start.mjs [--demo-dir DIR] [--runs N]
// Each run starts a server on a free port, times it to the "listening" log line, reads its resident memory
// (/proc, Linux) a second later, and stops it. Without --demo-dir, the demo is off and every run gets a fresh
// data directory; with it, the demo is on against DIR (seed it with one `npm start` first, so no run trains).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'demo-dir': { type: 'string' }, runs: { type: 'string', default: '3' } } });
const bot = path.resolve(import.meta.dirname, '../apps/bot');
const variants = {
  'tsx (src/main.ts)': ['--conditions=@parley/source', '--import', 'tsx', 'src/main.ts'],
  'node (dist/main.js)': ['dist/main.js'],
};

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function once(args) {
  const dataDir = values['demo-dir'] ?? mkdtempSync(path.join(tmpdir(), 'parley-start-'));
  const env = { ...process.env, PORT: String(await freePort()), PARLEY_DATA_DIR: dataDir, PARLEY_DEMO: values['demo-dir'] ? 'on' : 'off' };
  delete env.NODE_OPTIONS;
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: bot, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ms = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Parley bot server listening')) resolve(performance.now() - started);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out.slice(-2000)}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rss = rssMiB(child.pid);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  if (!values['demo-dir']) rmSync(dataDir, { recursive: true, force: true });
  return { ms, rss };
}

const runs = Number(values.runs);
const median = (xs) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(variants)) (results[name] ??= []).push(await once(args));
console.log(`${values['demo-dir'] ? 'demo on (seeded)' : 'demo off, fresh data dir'}, median of ${runs}:`);
for (const [name, rs] of Object.entries(results)) {
  const ms = median(rs.map((r) => r.ms));
  const rss = median(rs.map((r) => r.rss));
  console.log(`  ${name.padEnd(22)} listening after ${(ms / 1000).toFixed(2)} s, RSS ${rss.toFixed(0)} MiB`);
}
