/**
 * Fuzzing every REST route of the table, raw HTTP off it, and both socket namespaces of an in-process server on
 * PGlite. A case fails on a 5xx, an error-level log record, an unhandled rejection or uncaught exception, an
 * `internal` ack or `error` event, an ack off the protocol, or no answer at all. Seeded: a failure prints the
 * environment that replays it. `PARLEY_FUZZ_RUNS=30000` for a long run; `PARLEY_FUZZ_SEED` for other cases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type fc from 'fast-check';
import { NAMESPACES } from '@parley/protocol';
import { tinyModelArtifact } from './support/api-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { FailureCollector } from './support/fuzz/failures.ts';
import { rawCases, runRawCase } from './support/fuzz/raw-cases.ts';
import { restCases, runRestCase } from './support/fuzz/rest-cases.ts';
import { runCases, type CasesRun } from './support/fuzz/run-cases.ts';
import { AREAS, fuzzSettings, type Area } from './support/fuzz/settings.ts';
import { runSocketCase, socketCases } from './support/fuzz/socket-cases.ts';
import { customerSlots, operatorSlots, type SocketSlots } from './support/fuzz/socket-slots.ts';
import { prototypePolluted } from './support/fuzz/values.ts';
import { startFuzzWorld, type FuzzWorld } from './support/fuzz/world.ts';

const settings = fuzzSettings();
const collector = new FailureCollector();
const timeout = (area: Area) => settings.timeLimitMs(area) + 60_000;

before(() => tinyModelArtifact(), { timeout: 120_000 });

// The fuzz suite nests in the engine's, so its server closes before the engine closes the database under it.
forEachEngine((engine) => {
  describe('fuzz', () => {
    let world: FuzzWorld;
    let unwatch: (() => void) | undefined;
    const slots: SocketSlots[] = [];

    before(async () => {
      unwatch = collector.watchProcess();
      world = await startFuzzWorld(await engine.migrated(), collector.logger());
    });
    after(async () => {
      for (const pool of slots) pool.close();
      await world?.close();
      unwatch?.();
      console.log(`fuzz counts (${settings.replay}):\n${collector.report(AREAS)}`);
    });

    async function fuzz<T>(t: TestContext, area: Area, makeCases: () => fc.Arbitrary<T>, run: (value: T) => Promise<void>) {
      // An earlier area may have logged the fuzzer's sessions out (a logout route with odd headers), and closed
      // the conversations that socket events are about.
      await world.renewCredentials();
      if (area === 'customer-socket' || area === 'operator-socket') await world.freshConversations();
      const cases = makeCases();
      const started = performance.now();
      const result: CasesRun = await runCases(
        cases,
        { seed: settings.seedFor(area), count: settings.casesFor(area), timeLimitMs: settings.timeLimitMs(area) },
        run,
      );
      t.diagnostic(
        `${result.ran}/${result.planned} cases in ${Math.round(performance.now() - started)} ms${result.timedOut ? ' (time limit)' : ''}`,
      );
      if (prototypePolluted()) collector.failAmbient('prototype-pollution', 'a payload polluted Object.prototype');
      const failed = collector.failedIn(area);
      assert.equal(
        failed,
        0,
        `${failed} of ${result.ran} ${area} cases failed; replay with ${settings.replay}\n${collector.report([area])}`,
      );
    }

    test('REST: every route of the table with nasty params, queries, bodies and credentials', { timeout: timeout('rest') }, (t) =>
      fuzz(
        t,
        'rest',
        () => restCases(world),
        (restCase) => runRestCase(world, collector, restCase),
      ),
    );

    test('raw HTTP: malformed bodies and encodings, paths off the table, odd headers', { timeout: timeout('raw-http') }, (t) =>
      fuzz(
        t,
        'raw-http',
        () => rawCases(world),
        (rawCase) => runRawCase(world, collector, rawCase),
      ),
    );

    test(
      '/customer: every client event and unknown ones, valid-ish and junk payloads, with and without acks',
      { timeout: timeout('customer-socket') },
      (t) => {
        const pool = customerSlots(world);
        slots.push(pool);
        return fuzz(
          t,
          'customer-socket',
          () => socketCases(world, NAMESPACES.customer, pool.specs.length),
          (socketCase) => runSocketCase(NAMESPACES.customer, 'customer-socket', pool, collector, socketCase),
        );
      },
    );

    test(
      '/operator: every client event and unknown ones, as admin, agent and another workspace’s admin',
      { timeout: timeout('operator-socket') },
      (t) => {
        const pool = operatorSlots(world);
        slots.push(pool);
        return fuzz(
          t,
          'operator-socket',
          () => socketCases(world, NAMESPACES.operator, pool.specs.length),
          (socketCase) => runSocketCase(NAMESPACES.operator, 'operator-socket', pool, collector, socketCase),
        );
      },
    );
  });
}, 'pglite');
