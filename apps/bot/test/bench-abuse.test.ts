import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

// Timings are not asserted: they depend on the machine and, until auth runs before body parsing, are expected to be bad.
test('bench:abuse runs (smoke: 2 attackers, 20 calls, the tiny model) and ends with its JSON summary', async () => {
  const summary = await benchSmoke('bench/abuse.bench.ts', '--smoke');
  for (const key of [
    'idleP50Ms',
    'idleP95Ms',
    'attackP50Ms',
    'attackP95Ms',
    'ratio',
    'idleRssMb',
    'peakRssMb',
    'healthzIdleP50Ms',
    'healthzAttackP50Ms',
  ]) {
    const value = summary[key];
    assert.ok(typeof value === 'number' && Number.isFinite(value) && value > 0, `${key}: ${String(value)}`);
  }
  assert.ok((summary['idleP95Ms'] as number) >= (summary['idleP50Ms'] as number));
  assert.ok((summary['peakRssMb'] as number) >= 50 && (summary['peakRssMb'] as number) < 64 * 1024, `peakRssMb ${summary['peakRssMb']}`);
  assert.equal(summary['smoke'], true);
  assert.equal(summary['model'], 'tiny');
  assert.equal(summary['serverExit'], null);

  const idle = summary['idle'] as { calls: number; byStatus: Record<string, number> };
  // Idle, every call must succeed: anything else means the bench measured refusals (the key's or the IP's limit).
  assert.deepEqual(idle.byStatus, { 200: 20 });
  assert.equal(idle.calls, 20);
  const attack = summary['attack'] as { calls: number };
  assert.ok(attack.calls >= 1 && attack.calls <= 20, `attack calls ${attack.calls}`);

  const attackers = summary['attackers'] as { clients: number; bodyBytes: number; requests: number; byStatus: Record<string, number> };
  assert.equal(attackers.clients, 2);
  assert.ok(attackers.bodyBytes > 5_000_000 && attackers.bodyBytes <= 5 * 1024 * 1024, `bodyBytes ${attackers.bodyBytes}`);
  assert.ok(attackers.requests >= 1, 'no attacker got an answer');
  assert.equal(
    Object.values(attackers.byStatus).reduce((a, b) => a + b, 0),
    attackers.requests,
  );
  // Anonymous uploads must never be accepted, whatever else the server answers (401, 413, 429, a reset).
  assert.ok(!Object.keys(attackers.byStatus).some((status) => /^2/.test(status)), JSON.stringify(attackers.byStatus));
});
