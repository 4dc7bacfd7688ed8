/**
 * What anonymous clients uploading large JSON bodies do to everyone else. A probe found that the import route's
 * 5 MB body parser ran before authentication: anonymous `[{},{},…]` bodies each got a 401, but only after being
 * parsed, and classify's p50 went from 7 ms to 13.6 s. This bench replays that against the real server process:
 *
 *   1. idle: `--calls` sequential classify calls with the API key (p50/p95), /healthz sampled every 250 ms;
 *   2. attack: `--attackers` anonymous clients each loop POSTing a ~5.1 MB `[{},{},…]` body to
 *      /api/v1/bots/<random uuid>/examples/import; after a short ramp the same classify calls again (until
 *      `--calls` are done or `--attack-seconds` have passed: unfixed, a call takes seconds), /healthz still sampled,
 *      and the server's RSS read from /proc/<pid>/status every 250 ms plus its VmHWM.
 *
 * The headline is attack p50 / idle p50 (target ≤ 2). The server keeps its default rate limits; see
 * bench/abuse/clients.ts for how the measuring clients stay clear of the attackers' per-IP budget, and
 * bench/abuse/server.ts for the data dir (no training per run).
 *
 *   npm run bench:abuse             (prints tables; writes bench/results/abuse.json; the last line is JSON)
 *   npm run bench:abuse -- --smoke  (2 attackers, 20 calls, the tiny model: checks the bench runs)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Attackers, classifyCalls, emptyObjectsBody, HealthzSampler, latencies, round, SOURCE } from './abuse/clients.ts';
import { parseOptions } from './abuse/options.ts';
import { BENCH_API_KEY, prepareDataDir, startServer, type ServerProcess } from './abuse/server.ts';
import { writeBenchResult } from './bench-result.ts';
import { readCpuSeconds, readMemory, RssSampler } from './bot/server-process.ts';

const RATIO_TARGET = 2;
const log = (line: string) => console.error(`[bench:abuse] ${line}`);
const mb = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : Math.round(x));

/**
 * Resets the kernel's RSS high-water mark (VmHWM) of a process we own, so that after it VmHWM is the attack's peak
 * and not the server's start (loading models peaks higher than idling). False where the kernel does not allow it.
 */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Bytes the process has read through system calls (sockets included): /proc/<pid>/io's rchar. */
function readBytes(pid: number): number {
  try {
    return Number(/^rchar:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/**
 * Cores the server and this process keep busy from now until the returned function is called, and the MB the
 * server read meanwhile. Both share the machine, so under attack the bench's own uploading competes with the
 * server for CPU; and the MB read tell whether refused bodies were still received (drained) or left unread.
 */
function usageMeter(pid: number): () => { serverCores: number | null; benchCores: number | null; serverReadMb: number | null } {
  const started = performance.now();
  const server = readCpuSeconds(pid);
  const read = readBytes(pid);
  const bench = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(bench);
    return {
      serverCores: round((readCpuSeconds(pid) - server) / seconds, 2),
      benchCores: round((used.user + used.system) / 1e6 / seconds, 2),
      serverReadMb: mb((readBytes(pid) - read) / 1e6),
    };
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const runStarted = performance.now();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-abuse-'));
  let server: ServerProcess | undefined;
  try {
    const prepared = await prepareDataDir(options.model, workDir, options.rebuildTemplate, log);
    server = await startServer(prepared, path.join(workDir, 'server.log'));
    log(`server pid ${server.pid} at ${server.baseUrl} (${options.model} model, default rate limits)`);
    const rss = new RssSampler(server.pid, 250);
    const timeoutMs = options.callTimeoutSeconds * 1000;
    const healthz = new HealthzSampler(server.baseUrl, 250, timeoutMs);
    const classify = (localAddress: string, until?: number) =>
      classifyCalls(server!.baseUrl, BENCH_API_KEY, {
        calls: options.calls,
        everyMs: options.callEveryMs,
        timeoutMs,
        localAddress,
        ...(until !== undefined && { until }),
      });

    // The first calls load what the model loads lazily; they are not the idle figure.
    const warm = await classifyCalls(server.baseUrl, BENCH_API_KEY, { calls: 5, everyMs: 0, timeoutMs, localAddress: SOURCE.idleClassify });
    if (warm.some((o) => o.status !== 200)) throw new Error(`classify does not work before the attack: ${JSON.stringify(warm)}`);
    const idleMeter = usageMeter(server.pid);
    const idle = await classify(SOURCE.idleClassify);
    const idleUsage = idleMeter();
    const idleRssMb = rss.median('idle');
    const idleFigures = latencies(idle);
    log(`idle: ${idleFigures.calls} classify calls, p50 ${idleFigures.p50Ms} ms`);

    const body = emptyObjectsBody(options.bodyBytes);
    rss.phase = 'attack';
    healthz.phase = 'attack';
    const attackStarted = performance.now();
    const attackMeter = usageMeter(server.pid);
    const hwmReset = resetPeakRss(server.pid);
    // Unfixed, an attacker waits many seconds for its 401; a minute is far beyond anything a fix leaves.
    const attackers = new Attackers(server.baseUrl, options.attackers, body, 60_000);
    await sleep(options.rampSeconds * 1000);
    log(`attack: ${options.attackers} clients posting ${(body.length / 1e6).toFixed(2)} MB each; measuring classify`);
    const attack = await classify(SOURCE.attackClassify, performance.now() + options.attackSeconds * 1000);
    const attackSeconds = (performance.now() - attackStarted) / 1000;
    const attackUsage = attackMeter();
    // VmHWM: the kernel's high-water mark, which catches a peak between two samples; the start's unless reset.
    const hwmMb = hwmReset ? readMemory(server.pid)?.hwmMb : undefined;
    const attackSampledPeakMb = Math.max(0, ...rss.samples.filter((s) => s.phase === 'attack').map((s) => s.rssMb));
    await attackers.stop();
    await healthz.stop();
    rss.stop();
    const serverExit = server.exit;
    await server.stop();

    const attackFigures = latencies(attack);
    const answers = latencies(attackers.outcomes);
    const ratio = round((attackFigures.p50Ms ?? NaN) / (idleFigures.p50Ms ?? NaN), 1);
    const healthzIdle = healthz.of('idle');
    const healthzAttack = healthz.of('attack');
    const peakRssMb = mb(Math.max(attackSampledPeakMb, hwmMb ?? 0));
    const summary = {
      idleP50Ms: idleFigures.p50Ms,
      idleP95Ms: idleFigures.p95Ms,
      attackP50Ms: attackFigures.p50Ms,
      attackP95Ms: attackFigures.p95Ms,
      ratio,
      ratioTarget: RATIO_TARGET,
      idleRssMb: mb(idleRssMb),
      peakRssMb,
      healthzIdleP50Ms: healthzIdle.p50Ms,
      healthzAttackP50Ms: healthzAttack.p50Ms,
      healthzAttackP95Ms: healthzAttack.p95Ms,
      healthzAttackMaxMs: healthzAttack.maxMs,
      idle: { ...idleFigures, ...idleUsage },
      attack: {
        ...attackFigures,
        seconds: round(attackSeconds),
        sampledPeakRssMb: mb(attackSampledPeakMb),
        vmHwmMb: mb(hwmMb),
        ...attackUsage,
      },
      healthz: { idle: healthzIdle, attack: healthzAttack },
      attackers: {
        clients: options.attackers,
        bodyBytes: body.length,
        requests: answers.calls,
        perMinute: round((answers.calls / attackSeconds) * 60),
        byStatus: answers.byStatus,
        answerP50Ms: answers.p50Ms,
        answerP95Ms: answers.p95Ms,
        answerMaxMs: answers.maxMs,
      },
      serverExit: serverExit ?? null,
      model: options.model,
      callsPerPhase: options.calls,
      runSeconds: round((performance.now() - runStarted) / 1000),
      ...(prepared.templateBuiltS !== undefined && { templateBuiltS: prepared.templateBuiltS }),
      smoke: options.smoke,
    };

    const statuses = (byStatus: Record<string, number>) =>
      Object.entries(byStatus)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
    console.table({
      'classify p50 (ms)': { idle: summary.idleP50Ms, attack: summary.attackP50Ms },
      'classify p95 (ms)': { idle: summary.idleP95Ms, attack: summary.attackP95Ms },
      'classify calls (status×n)': { idle: statuses(idleFigures.byStatus), attack: statuses(attackFigures.byStatus) },
      '/healthz p50 / p95 / max (ms)': {
        idle: `${healthzIdle.p50Ms} / ${healthzIdle.p95Ms} / ${healthzIdle.maxMs}`,
        attack: `${healthzAttack.p50Ms} / ${healthzAttack.p95Ms} / ${healthzAttack.maxMs}`,
      },
      'server RSS (MB; idle median, attack peak)': { idle: summary.idleRssMb, attack: summary.peakRssMb },
      'CPU cores busy: server / bench client': {
        idle: `${idleUsage.serverCores} / ${idleUsage.benchCores}`,
        attack: `${attackUsage.serverCores} / ${attackUsage.benchCores}`,
      },
      'MB read by the server': { idle: idleUsage.serverReadMb, attack: attackUsage.serverReadMb },
    });
    console.table({
      [`attack p50 / idle p50 (target ≤ ${RATIO_TARGET})`]: { value: ratio, ok: ratio !== null && ratio <= RATIO_TARGET },
      'attackers: requests answered (status×n)': { value: `${answers.calls}: ${statuses(answers.byStatus)}`, ok: '' },
      'attackers: requests per minute': { value: summary.attackers.perMinute, ok: '' },
      'attackers: answer p50 / p95 (ms)': { value: `${answers.p50Ms} / ${answers.p95Ms}`, ok: '' },
      'attack phase (s)': { value: summary.attack.seconds, ok: '' },
      'server exit during the run': { value: serverExit ? JSON.stringify(serverExit) : 'none', ok: !serverExit },
    });
    console.log(`wrote ${writeBenchResult(options.smoke ? 'abuse-smoke' : 'abuse', { summary, at: new Date().toISOString() })}`);
    console.log(JSON.stringify(summary));
  } catch (error) {
    if (server) log(`server log tail:\n${server.logTail()}`);
    throw error;
  } finally {
    await server?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
