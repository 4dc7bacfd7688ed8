import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Area } from './settings.ts';

export type FailureKind =
  | '5xx'
  | 'no-response'
  | 'error-log'
  | 'unhandled-rejection'
  | 'uncaught-exception'
  | 'internal-ack'
  | 'bad-ack'
  | 'no-ack'
  | 'error-event'
  | 'prototype-pollution';

/** One request or event sent: what the counts are kept by, and what a report shows of it. */
export interface FuzzCase {
  readonly id: number;
  readonly area: Area;
  /** A route's tag, an event name: the rows of the counts table. */
  readonly group: string;
  /** What was sent, short enough to print. */
  readonly input: string;
  /** The route (`POST /bots/:botId/examples`) or event it went to. */
  readonly target: string;
  failed: boolean;
}

interface Signature {
  kind: FailureKind;
  message: string;
  /** The first stack frame in apps/bot/src, else the first frame at all. */
  frame: string;
  count: number;
  examples: string[];
  /** The routes or events it happened on. */
  where: Set<string>;
}

interface Row {
  tried: number;
  accepted: number;
  failed: number;
}

const PINO_ERROR = 50;
const MAX_INPUT_CHARS = 400;
const EXAMPLES_PER_SIGNATURE = 3;

/** JSON-ish and cut short: NULs and lone surrogates print as escapes, 5 KB strings do not flood the report. */
export function describeInput(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_INPUT_CHARS ? `${text.slice(0, MAX_INPUT_CHARS)}… (${text.length} chars)` : text;
}

const shortFrame = (line: string) =>
  line
    .trim()
    .replace(/^at /, '')
    .replace(/(file:\/\/)?\/\S*?\/(apps|packages|node_modules)\//, '$2/');

/** The stack's top frame and, when it is elsewhere, the first frame in apps/bot/src. */
function frameOf(stack: unknown): string {
  if (typeof stack !== 'string') return '(no stack)';
  const frames = stack.split('\n').filter((line) => line.trim().startsWith('at '));
  const [top] = frames;
  if (!top) return '(no frames)';
  const ours = frames.find((line) => line.includes('/apps/bot/src/'));
  if (ours === top) return `at ${shortFrame(top)}`;
  return `at ${shortFrame(top)}; in apps/bot/src: ${ours ? shortFrame(ours) : 'none'}`;
}

// Ids and numbers vary per case; the same bug should land in one signature whatever values triggered it.
const normalise = (message: string) =>
  message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/'[^']*'|"[^"]*"/g, "'…'")
    .replace(/\d+/g, '#')
    .slice(0, 200);

/**
 * Counts cases per area and group, and files every failure under a signature (kind, message, frame) with a few
 * inputs that caused it. Error-level log records and process-level errors carry no case of their own, so they
 * go to the case in flight, else the one that ended last: cases run one at a time per area for that reason.
 */
export class FailureCollector {
  readonly #inFlight = new Set<FuzzCase>();
  #lastEnded: FuzzCase | undefined;
  #nextId = 0;
  readonly #counts = new Map<Area, Map<string, Row>>();
  readonly #signatures = new Map<Area, Map<string, Signature>>();

  begin(area: Area, group: string, input: string, target = group): FuzzCase {
    const fuzzCase: FuzzCase = { id: this.#nextId++, area, group, input, target, failed: false };
    const row = this.#row(area, group);
    row.tried++;
    this.#inFlight.add(fuzzCase);
    return fuzzCase;
  }

  /** The case got through: a 2xx, an `ok: true` ack. How deep the fuzzing reaches, beside what failed. */
  accepted(fuzzCase: FuzzCase): void {
    this.#row(fuzzCase.area, fuzzCase.group).accepted++;
  }

  end(fuzzCase: FuzzCase): void {
    this.#inFlight.delete(fuzzCase);
    this.#lastEnded = fuzzCase;
  }

  fail(fuzzCase: FuzzCase, kind: FailureKind, message: string, stack?: unknown): void {
    if (!fuzzCase.failed) {
      fuzzCase.failed = true;
      this.#row(fuzzCase.area, fuzzCase.group).failed++;
    }
    const frame = frameOf(stack);
    const key = `${kind}\u0000${normalise(message)}\u0000${frame}`;
    const byArea = this.#signatures.get(fuzzCase.area) ?? new Map<string, Signature>();
    this.#signatures.set(fuzzCase.area, byArea);
    const signature = byArea.get(key) ?? { kind, message: message.slice(0, 300), frame, count: 0, examples: [], where: new Set<string>() };
    byArea.set(key, signature);
    signature.count++;
    signature.where.add(fuzzCase.target);
    const example = `#${fuzzCase.id} ${fuzzCase.input}`;
    if (signature.examples.length < EXAMPLES_PER_SIGNATURE && !signature.examples.includes(example)) signature.examples.push(example);
  }

  /** A failure that belongs to no response: charged to the case in flight, or the last one to end. */
  failAmbient(kind: FailureKind, message: string, stack?: unknown): void {
    const suspects = this.#inFlight.size > 0 ? [...this.#inFlight] : this.#lastEnded ? [this.#lastEnded] : [];
    if (suspects.length === 0) {
      // Before the first case (seeding): a failure all the same, filed under the first area.
      this.fail(this.begin('rest', '(setup)', '(before any case)'), kind, message, stack);
      return;
    }
    for (const suspect of suspects) this.fail(suspect, kind, message, stack);
  }

  /** A pino logger at error level whose records are filed as failures the moment they are written. */
  logger(): Logger {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line) this.#onRecord(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return pino({ level: 'error' }, sink);
  }

  /** Files unhandled rejections and uncaught exceptions while installed; returns the uninstaller. */
  watchProcess(): () => void {
    const onRejection = (reason: unknown) =>
      this.failAmbient('unhandled-rejection', messageOf(reason), (reason as Error | undefined)?.stack);
    const onException = (error: Error) => this.failAmbient('uncaught-exception', messageOf(error), error.stack);
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    return () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    };
  }

  failedIn(area: Area): number {
    return [...(this.#counts.get(area)?.values() ?? [])].reduce((sum, row) => sum + row.failed, 0);
  }

  /** The counts table of `areas`, then each distinct failure with the inputs that caused it. */
  report(areas: readonly Area[]): string {
    const cell = (value: number | string) => String(value).padStart(9);
    const lines = [`${'area'.padEnd(16)} ${'group'.padEnd(24)}${cell('tried')}${cell('accepted')}${cell('failed')}`];
    for (const area of areas)
      for (const [group, row] of [...(this.#counts.get(area) ?? [])].sort(([a], [b]) => a.localeCompare(b)))
        lines.push(`${area.padEnd(16)} ${group.padEnd(24)}${cell(row.tried)}${cell(row.accepted)}${cell(row.failed)}`);
    for (const area of areas) {
      const signatures = [...(this.#signatures.get(area)?.values() ?? [])];
      if (signatures.length === 0) continue;
      lines.push('', `${area}: ${signatures.length} distinct failure(s)`);
      for (const s of signatures.sort((a, b) => b.count - a.count)) {
        lines.push(`  [${s.kind}] ×${s.count} ${s.message}`, `      ${s.frame}`);
        lines.push(`      on ${[...s.where].sort().join(', ')}`);
        for (const example of s.examples) lines.push(`      e.g. ${example}`);
      }
    }
    return lines.join('\n');
  }

  #row(area: Area, group: string): Row {
    const byGroup = this.#counts.get(area) ?? new Map<string, Row>();
    this.#counts.set(area, byGroup);
    const row = byGroup.get(group) ?? { tried: 0, accepted: 0, failed: 0 };
    byGroup.set(group, row);
    return row;
  }

  #onRecord(record: Record<string, unknown>): void {
    if (typeof record.level !== 'number' || record.level < PINO_ERROR) return;
    const err = record.err as { message?: string; stack?: string; type?: string } | undefined;
    const message = `${String(record.msg)}${err ? `: ${err.type ?? 'Error'}: ${err.message ?? ''}` : ''}`;
    this.failAmbient('error-log', message, err?.stack);
  }
}

const messageOf = (reason: unknown): string =>
  reason instanceof Error ? `${reason.name}: ${reason.message}` : `non-error rejection: ${describeInput(reason)}`;
