import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS, parseClientEvent } from '../src/index.ts';
import { clientEvents } from './support/cases.ts';
import { Garbage } from './support/garbage.ts';

const PAYLOADS = 1_000;
// Fixed so CI is reproducible; set PARLEY_FUZZ_SEED to explore other payloads locally.
const SEED = Number(process.env['PARLEY_FUZZ_SEED'] ?? 0x5eed);

test(`parseClientEvent never throws on ${PAYLOADS} garbage payloads (seed ${SEED}), against every client event`, () => {
  const garbage = new Garbage(SEED);
  const prototypeKeys = Reflect.ownKeys(Object.prototype);
  const outcomes = { ok: 0, invalid_payload: 0, unknown_event: 0 };
  for (let i = 0; i < PAYLOADS; i++) {
    // Half pure garbage, half near misses of a valid payload, which reach deeper into the schemas.
    const target = garbage.pick(clientEvents);
    const payload = i % 2 === 0 ? garbage.value() : garbage.mutate(target.example);
    const eventNames = [...clientEvents.map(({ event }) => event), garbage.string()];
    for (const namespace of ['/customer', '/operator', garbage.string()]) {
      for (const event of eventNames) {
        const where = `payload #${i} (seed ${SEED}) on ${namespace} ${event.slice(0, 40)}`;
        let result: ReturnType<typeof parseClientEvent>;
        try {
          result = parseClientEvent(namespace, event, payload);
        } catch (error) {
          assert.fail(`${where} threw ${String(error)}`);
        }
        if (result.ok) {
          // What passed passes again unchanged, also after a trip through JSON: handlers can store or forward it.
          assert.deepEqual(parseClientEvent(namespace, event, result.data), result, where);
          assert.equal(parseClientEvent(namespace, event, JSON.parse(JSON.stringify(result.data))).ok, true, where);
          outcomes.ok++;
        } else {
          assert.ok(typeof result.error.message === 'string' && result.error.message.length <= LIMITS.errorMessage, where);
          outcomes[result.error.code]++;
        }
      }
    }
  }
  assert.deepEqual(Reflect.ownKeys(Object.prototype), prototypeKeys, 'Object.prototype was modified');
  // A fuzzer that never gets a payload through, or never gets one rejected, is not testing the schemas.
  assert.ok(outcomes.ok > 50 && outcomes.invalid_payload > 1_000 && outcomes.unknown_event > 1_000, JSON.stringify(outcomes));
});
