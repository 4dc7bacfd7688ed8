/**
 * The same load against the bare Socket.IO echo server (echo-server.ts): the ceiling of this machine, client and
 * transport for the run's settings. Same clients, same ramp, think time and window as the Parley run.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { countError, Customer, newStats } from './customer.ts';
import type { BenchOptions } from './options.ts';
import { botAppDir, readCpuSeconds, RssSampler } from './server-process.ts';

export interface EchoResult {
  clients: number;
  msgPerSec: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  serverCpuCores: number;
  errors: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

export async function runEcho(options: BenchOptions, nextText: () => string, runTag: string): Promise<EchoResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bot/echo-server.ts'], {
    cwd: botAppDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`echo server exited (code ${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /^echo listening on (\d+)/.exec(line);
        if (match) resolve(match[1]!);
      });
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const sampler = new RssSampler(child.pid!);
    const stats = newStats();
    const customers: Customer[] = [];
    const opening: Array<Promise<void>> = [];
    for (let i = 0; i < options.clients; i++) {
      const customer = new Customer(i, stats, nextText, `${runTag}-echo`);
      opening.push(
        customer.open(baseUrl, 'echo').then(
          () => void customers.push(customer),
          (error: unknown) => {
            countError(stats, `open: ${error instanceof Error ? error.message : String(error)}`);
            customer.close();
          },
        ),
      );
      if ((i + 1) % options.rampBatch === 0) await sleep(options.rampEveryMs);
    }
    await Promise.all(opening);
    await sleep(Math.min(1000, options.warmupSeconds * 1000));
    stats.windowStart = performance.now() + options.warmupSeconds * 1000;
    stats.windowEnd = stats.windowStart + options.seconds * 1000;
    const loops = Promise.all(customers.map((c) => c.loop(stats.windowEnd, options.messagesPerClient, options.thinkMs)));
    await sleep(stats.windowStart - performance.now());
    sampler.phase = 'window';
    const cpuBefore = readCpuSeconds(child.pid!);
    await sleep(stats.windowEnd - performance.now());
    const windowS = (performance.now() - stats.windowStart) / 1000;
    const serverCpuCores = (readCpuSeconds(child.pid!) - cpuBefore) / windowS;
    await Promise.race([loops, sleep(Math.min(options.drainSeconds, 10) * 1000)]);
    for (const customer of customers) customer.close();
    const rss = sampler.stop();
    stats.latenciesMs.sort((a, b) => a - b);
    return {
      clients: customers.length,
      msgPerSec: stats.answered / windowS,
      p50Ms: percentile(stats.latenciesMs, 50),
      p99Ms: percentile(stats.latenciesMs, 99),
      rssMb: Math.max(rss.peakMb, rss.hwmMb),
      serverCpuCores,
      errors: [...stats.errors.values()].reduce((a, b) => a + b, 0),
    };
  } finally {
    child.kill('SIGTERM');
    process.off('exit', killOnExit);
  }
}
