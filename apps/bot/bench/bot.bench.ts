/**
 * Bot server load benchmark: N customers on WebSockets against one server process (a child, so its RSS and CPU
 * are its own), each in a closed loop of message → bot reply → think time. Measures answered messages per
 * second, reply latency, the server's RSS, and checks that nothing was lost or duplicated, client-side and in
 * the database. Prints tables; writes bench/results/bot.json (and bot-<db>.json); the last line is the JSON.
 *
 *   npm run bench:bot                                   1000 clients, 20 s, PGlite
 *   npm run bench:bot -- --db postgres                  the same on a throwaway PostgreSQL database
 *   npm run bench:bot -- --quick                        smoke run in seconds (a demo bot of 8 examples a label)
 *
 * After Parley, the same clients drive a bare Socket.IO echo server (bench/bot/echo-server.ts) with the same
 * settings: `echoMsgPerSec` is the ceiling of this machine and client, `echoRatio` Parley's share of it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_HANDOFF_INTENTS, DEFAULT_HANDOFF_PHRASES } from '../src/engine/bot-config.ts';
import { summariseProfiles } from './bot/cpu-profile.ts';
import { countError, Customer, newStats } from './bot/customer.ts';
import { runEcho, type EchoResult } from './bot/echo-run.ts';
import { fetchPublicKey, preparePglite, preparePostgres, type PreparedData } from './bot/data-template.ts';
import { byLabel, histogram, scrape, value, type Snapshot } from './bot/metrics.ts';
import { parseOptions } from './bot/options.ts';
import { slicedDemoData } from '../test/support/sliced-demo-data.ts';
import { BENCH_RATE_LIMITS, botAppDir, readCpuSeconds, readMemory, RssSampler, startServer } from './bot/server-process.ts';
import { checkDatabase, type DbCheck } from './bot/verify.ts';

const repoRoot = path.resolve(botAppDir, '../..');
const TARGETS = { msgPerSec: 500, p99Ms: 50, clients: 1000, rssMb: 300, lost: 0, duplicated: 0 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const log = (line: string) => console.error(`[bench:bot] ${line}`);
const load = () => {
  const [one, five, fifteen] = os.loadavg();
  return `${one!.toFixed(2)} ${five!.toFixed(2)} ${fifteen!.toFixed(2)}`;
};
const uptime = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${load()}`;
  }
};

/** A histogram quantile past its last finite bucket is only known to exceed that bucket. */
const beyond = (ms: number, lastBucketMs: number) => (Number.isFinite(ms) ? ms.toFixed(1) : `> ${lastBucketMs}`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/**
 * Customer texts from the demo's held-out test set, minus what would hand the conversation to a person (a
 * handoff intent or phrase): after a handoff the bot only says "please wait", a cheaper path than a real turn.
 */
function customerTexts(): string[] {
  const file = path.join(botAppDir, 'demo', 'bitext', 'test.jsonl');
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; label: string });
  return rows
    .filter((row) => !DEFAULT_HANDOFF_INTENTS.includes(row.label) && row.label !== 'complaint')
    .filter((row) => !DEFAULT_HANDOFF_PHRASES.some((phrase) => row.text.toLowerCase().includes(phrase)))
    .map((row) => row.text);
}

/** RSS of an idle `node -e` with and without the tsx loader: what running the server through tsx costs. */
async function tsxOverheadMb(): Promise<number> {
  const idle = async (flags: string[]) => {
    const child = spawn(process.execPath, [...flags, '-e', 'setTimeout(() => {}, 5000)'], { cwd: botAppDir, stdio: 'ignore' });
    await sleep(1500);
    const rss = readMemory(child.pid!)?.rssMb ?? NaN;
    child.kill();
    return rss;
  };
  return (await idle(['--import', 'tsx'])) - (await idle([]));
}

/** RSS of the server's child processes (none expected: the encoder runs in a worker thread, inside the process). */
function childrenRssMb(pid: number): number {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      for (const child of children) total += readMemory(Number(child))?.rssMb ?? 0;
    }
  } catch {
    // The process is gone.
  }
  return total;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const runTag = randomBytes(3).toString('hex');
  const loadAtStart = uptime();
  log(`${options.clients} clients, ${options.seconds} s window, db ${options.db}; machine: ${loadAtStart}`);
  log(
    `rate limits raised for the run (all clients share 127.0.0.1): ${Object.entries(BENCH_RATE_LIMITS)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-bot-'));
  // A smoke serves a demo bot trained on 8 examples a label (seconds), not the full demo (a minute or more).
  if (options.quick) process.env['PARLEY_DEMO_DATA_DIR'] = slicedDemoData(8);
  const prepStarted = performance.now();
  const data: PreparedData =
    options.db === 'pglite'
      ? await preparePglite(workDir, options.rebuildTemplate, log)
      : await preparePostgres(workDir, options.postgresUrl, options.rebuildTemplate, log);
  const prepMs = performance.now() - prepStarted;
  const profileDir = path.join(workDir, 'cpu-profile');
  const cleanupOnSignal = () => void data.cleanup().finally(() => process.exit(130));
  process.once('SIGINT', cleanupOnSignal);

  let dbCheck: DbCheck | undefined;
  let result: Record<string, unknown>;
  try {
    const startStarted = performance.now();
    const server = await startServer(
      {
        dataDir: data.dataDir,
        databaseUrl: data.databaseUrl,
        nodeFlags: options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      },
      path.join(workDir, 'server.log'),
    );
    const serverStartMs = performance.now() - startStarted;
    const sampler = new RssSampler(server.pid);
    const botKey = await fetchPublicKey(server.baseUrl);
    log(`server pid ${server.pid} at ${server.baseUrl} (ready in ${(serverStartMs / 1000).toFixed(1)} s), bot key ${botKey.slice(0, 12)}…`);
    await sleep(1000);
    const idleRssMb = readMemory(server.pid)?.rssMb ?? NaN;

    // ── Ramp-up: open and join every customer ────────────────────────────────────────────────────────────
    const stats = newStats();
    const texts = customerTexts();
    let textIndex = 0;
    const nextText = () => {
      const n = textIndex++;
      // A stride through the list so neighbouring clients ask different things; the number keeps each text unique.
      const base = texts[(n * 7919) % texts.length]!;
      return options.uniqueTexts ? `${base} [#${n}]` : base;
    };
    sampler.phase = 'ramp';
    const rampStarted = performance.now();
    const customers: Customer[] = [];
    const opening: Array<Promise<void>> = [];
    const connectMs: number[] = [];
    for (let i = 0; i < options.clients; i++) {
      const customer = new Customer(i, stats, nextText, runTag);
      opening.push(
        customer.open(server.baseUrl, botKey).then(
          (ms) => {
            connectMs.push(ms);
            customers.push(customer);
          },
          (error: unknown) => {
            countError(stats, `open: ${error instanceof Error ? error.message : String(error)}`);
            customer.close();
          },
        ),
      );
      if ((i + 1) % options.rampBatch === 0) await sleep(options.rampEveryMs);
    }
    await Promise.all(opening);
    const rampMs = performance.now() - rampStarted;
    connectMs.sort((a, b) => a - b);
    log(`${customers.length}/${options.clients} customers joined in ${(rampMs / 1000).toFixed(1)} s; load ${load()}`);
    sampler.phase = 'open';
    await sleep(1000);
    const openRssMb = readMemory(server.pid)?.rssMb ?? NaN;

    // ── Closed-loop load: warm-up, then the measured window, then a drain ───────────────────────────────
    const loadStart = performance.now();
    stats.windowStart = loadStart + options.warmupSeconds * 1000;
    stats.windowEnd = stats.windowStart + options.seconds * 1000;
    sampler.phase = 'warmup';
    const loops = Promise.all(customers.map((c) => c.loop(stats.windowEnd, options.messagesPerClient, options.thinkMs)));
    await sleep(stats.windowStart - performance.now());
    sampler.phase = 'window';
    const before: Snapshot = await scrape(server.baseUrl);
    const cpuBefore = { server: readCpuSeconds(server.pid), bench: process.cpuUsage() };
    await sleep(stats.windowEnd - performance.now());
    const windowMs = performance.now() - stats.windowStart;
    const after: Snapshot = await scrape(server.baseUrl);
    const cpuAfter = { server: readCpuSeconds(server.pid), bench: process.cpuUsage(cpuBefore.bench) };
    const loadAtWindowEnd = uptime();
    const childRssMb = childrenRssMb(server.pid);
    sampler.phase = 'drain';
    await Promise.race([loops, sleep(options.drainSeconds * 1000)]);
    // Lost: sent and never both acked and answered, or refused (the server may have stored it, unanswered).
    const unanswered = customers.reduce((sum, c) => sum + c.outstanding, 0);
    const lost = unanswered + stats.refused;
    const final: Snapshot = await scrape(server.baseUrl);
    for (const customer of customers) customer.close();
    await sleep(200);
    sampler.phase = 'stop';
    // Read before stopping: once the server has exited there is no memory left to read.
    const rss = sampler.stop();
    const exitCode = await server.stop();
    if (exitCode !== 0) countError(stats, `server exit code ${exitCode}`);
    for (const problem of server.problems) countError(stats, `server log: ${problem.msg}`);
    dbCheck = await checkDatabase(data, stats.ackIds);

    // ── The limit: the same load on a bare Socket.IO echo server, Parley's server stopped ───────────────
    let echo: EchoResult | undefined;
    if (options.echo) {
      log(`echo server: ${options.clients} clients, same settings; load ${load()}`);
      echo = await runEcho(options, nextText, runTag);
      log(`echo: ${echo.msgPerSec.toFixed(1)} msg/s, p99 ${echo.p99Ms.toFixed(1)} ms, RSS ${Math.round(echo.rssMb)} MB`);
    }

    // ── Results ─────────────────────────────────────────────────────────────────────────────────────────
    stats.latenciesMs.sort((a, b) => a - b);
    const windowS = windowMs / 1000;
    const msgPerSec = stats.answered / windowS;
    const turn = histogram(before, after, 'parley_turn_seconds');
    const classify = histogram(before, after, 'parley_classify_seconds');
    const decisions = byLabel(before, after, 'parley_bot_decisions_total', 'kind');
    const serverCpu = (cpuAfter.server - cpuBefore.server) / windowS;
    const benchCpu = (cpuAfter.bench.user + cpuAfter.bench.system) / 1e6 / windowS;
    const duplicated = stats.duplicatedEvents + stats.duplicatedAckIds + stats.duplicateAcks + dbCheck.duplicateRows;
    const errors = [...stats.errors.values()].reduce((a, b) => a + b, 0);
    const steadyRssMb = sampler.median('window');
    const peakRssMb = Math.max(rss.peakMb, rss.hwmMb);
    const echoRatio = echo && echo.msgPerSec > 0 ? msgPerSec / echo.msgPerSec : NaN;

    result = {
      clients: customers.length,
      msgPerSec: round(msgPerSec),
      p50Ms: round(percentile(stats.latenciesMs, 50), 2),
      p99Ms: round(percentile(stats.latenciesMs, 99), 2),
      rssMb: Math.round(peakRssMb),
      lost,
      duplicated,
      errors,
      echoMsgPerSec: echo ? round(echo.msgPerSec) : null,
      echoRatio: round(echoRatio, 3),
      db: options.db,
      requestedClients: options.clients,
      windowS: round(windowS, 2),
      answeredInWindow: stats.answered,
      p90Ms: round(percentile(stats.latenciesMs, 90), 2),
      p999Ms: round(percentile(stats.latenciesMs, 99.9), 2),
      maxMs: round(stats.latenciesMs.at(-1) ?? NaN, 2),
      sent: stats.sent,
      acked: stats.acked,
      refused: stats.refused,
      unansweredAtEnd: unanswered,
      answered: stats.answeredTotal,
      // What the clients would send if every reply were instant: the load on offer, not the load achieved.
      offeredMaxPerSec: round(options.clients / (options.thinkMs / 1000)),
      thinkMs: options.thinkMs,
      uniqueTexts: options.uniqueTexts,
      connectP50Ms: round(percentile(connectMs, 50)),
      connectP99Ms: round(percentile(connectMs, 99)),
      rampS: round(rampMs / 1000, 2),
      rss: {
        peakMb: Math.round(peakRssMb),
        steadyMb: Math.round(steadyRssMb),
        idleMb: Math.round(idleRssMb),
        socketsOpenMb: Math.round(openRssMb),
        childProcessesMb: Math.round(childRssMb),
        tsxLoaderOverheadMb: options.quick ? null : round(await tsxOverheadMb()),
      },
      server: {
        cpuCores: round(serverCpu, 2),
        turnMeanMs: round(turn.meanMs, 2),
        turnP50Ms: round(turn.p50Ms, 2),
        turnP99Ms: Number.isFinite(turn.p99Ms) ? round(turn.p99Ms, 2) : '> 2500',
        classifyMeanMs: round(classify.meanMs, 2),
        classifyP50Ms: round(classify.p50Ms, 2),
        classifyP99Ms: Number.isFinite(classify.p99Ms) ? round(classify.p99Ms, 2) : '> 1000',
        turnsInWindow: turn.count,
        eventLoopLagP99Ms: round(value(after, 'nodejs_eventloop_lag_p99_seconds') * 1000, 1),
        eventLoopLagMeanMs: round(value(after, 'nodejs_eventloop_lag_mean_seconds') * 1000, 1),
        heapUsedMb: Math.round(value(after, 'nodejs_heap_size_used_bytes') / 2 ** 20),
        customerSockets: value(after, 'parley_sockets{namespace="customer"}'),
        decisions,
        messagesTotal: {
          customer: value(final, 'parley_messages_total{sender="customer"}'),
          bot: value(final, 'parley_messages_total{sender="bot"}'),
        },
        startS: round(serverStartMs / 1000, 1),
      },
      benchCpuCores: round(benchCpu, 2),
      integrity: {
        duplicatedEvents: stats.duplicatedEvents,
        duplicatedAckIds: stats.duplicatedAckIds,
        duplicateAcks: stats.duplicateAcks,
        unexpectedReplies: stats.unexpectedReplies,
        db: { ...dbCheck, ms: Math.round(dbCheck.ms) },
      },
      errorKinds: Object.fromEntries(stats.errors),
      ...(echo && {
        echo: {
          clients: echo.clients,
          msgPerSec: round(echo.msgPerSec),
          p50Ms: round(echo.p50Ms, 2),
          p99Ms: round(echo.p99Ms, 2),
          rssMb: Math.round(echo.rssMb),
          serverCpuCores: round(echo.serverCpuCores, 2),
          errors: echo.errors,
        },
      }),
      rateLimitsRaised: BENCH_RATE_LIMITS,
      load: { start: loadAtStart, windowEnd: loadAtWindowEnd, end: uptime() },
      prepareS: round(prepMs / 1000, 1),
      ...(data.templateBuiltMs !== undefined && { templateBuiltS: round(data.templateBuiltMs / 1000, 1) }),
      cores: os.availableParallelism(),
      node: process.version,
      at: new Date().toISOString(),
    };

    console.table({
      'answered msg/s (window)': { value: result.msgPerSec, target: `≥ ${TARGETS.msgPerSec}`, ok: msgPerSec >= TARGETS.msgPerSec },
      'reply latency p50 (ms)': { value: result.p50Ms, target: '', ok: '' },
      'reply latency p99 (ms)': { value: result.p99Ms, target: `≤ ${TARGETS.p99Ms}`, ok: (result.p99Ms as number) <= TARGETS.p99Ms },
      'open sockets': { value: result.clients, target: `${TARGETS.clients}`, ok: customers.length >= TARGETS.clients },
      'server RSS peak (MB)': { value: result.rssMb, target: `≤ ${TARGETS.rssMb}`, ok: peakRssMb <= TARGETS.rssMb },
      'server RSS steady, in window (MB)': { value: Math.round(steadyRssMb), target: '', ok: '' },
      lost: { value: lost, target: '0', ok: lost === 0 },
      duplicated: { value: duplicated, target: '0', ok: duplicated === 0 },
      errors: { value: errors, target: '0', ok: errors === 0 },
      'echo server msg/s (the limit)': { value: result.echoMsgPerSec, target: '', ok: '' },
      'Parley ÷ echo msg/s': { value: result.echoRatio, target: '', ok: '' },
    });
    console.table({
      'server CPU (cores busy)': result.server && (result.server as { cpuCores: unknown }).cpuCores,
      'bench client CPU (cores busy)': result.benchCpuCores,
      'server turn mean / p99 (ms, histogram)': `${turn.meanMs.toFixed(1)} / ${beyond(turn.p99Ms, 2500)}`,
      'server classify mean / p99 (ms, histogram)': `${classify.meanMs.toFixed(1)} / ${beyond(classify.p99Ms, 1000)}`,
      'event-loop lag p99 (ms)': (result.server as { eventLoopLagP99Ms: unknown }).eventLoopLagP99Ms,
      'decisions in window': JSON.stringify(decisions),
      'connect+join p50 / p99 (ms)': `${result.connectP50Ms} / ${result.connectP99Ms}`,
      'RSS idle / sockets open / steady / peak (MB)': `${Math.round(idleRssMb)} / ${Math.round(openRssMb)} / ${Math.round(steadyRssMb)} / ${Math.round(peakRssMb)}`,
      'tsx loader overhead (MB, idle process)': (result.rss as { tsxLoaderOverheadMb: unknown }).tsxLoaderOverheadMb,
      'DB: customer rows / bot rows / dup / acked missing / unanswered': `${dbCheck.customerRows} / ${dbCheck.botRows} / ${dbCheck.duplicateRows} / ${dbCheck.ackedMissing} / ${dbCheck.unansweredRows}`,
      ...(echo && {
        'echo p50 / p99 (ms), RSS (MB), CPU (cores)': `${echo.p50Ms.toFixed(1)} / ${echo.p99Ms.toFixed(1)}, ${Math.round(echo.rssMb)}, ${echo.serverCpuCores.toFixed(2)}`,
      }),
      'load at start': loadAtStart,
      'load at window end': loadAtWindowEnd,
    });
    if (errors > 0) console.table(Object.fromEntries(stats.errors));
    if (options.profile) {
      for (const summary of summariseProfiles(profileDir)) {
        console.log(`CPU profile ${summary.file}: ${summary.totalMs} ms sampled`);
        console.table(summary.byOwner);
        console.table(summary.byFunction);
      }
    }
  } finally {
    process.off('SIGINT', cleanupOnSignal);
    await data.cleanup();
    if (options.quick) rmSync(process.env['PARLEY_DEMO_DATA_DIR']!, { recursive: true, force: true });
  }

  // A smoke does not overwrite a real run's figures.
  if (!options.quick) {
    const dir = path.join(repoRoot, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    for (const name of new Set([options.resultName, `bot-${options.db}`])) {
      writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    }
    console.log(`wrote ${path.join(dir, `${options.resultName}.json`)}`);
  }
  const { clients, msgPerSec, p50Ms, p99Ms, rssMb, lost, duplicated, errors, echoMsgPerSec, echoRatio } = result as Record<string, unknown>;
  console.log(
    JSON.stringify({
      clients,
      msgPerSec,
      p50Ms,
      p99Ms,
      rssMb,
      lost,
      duplicated,
      errors,
      echoMsgPerSec,
      echoRatio,
      ...(options.quick && { quick: true }),
    }),
  );
  // Sockets' pending timers must not hold the process open.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
