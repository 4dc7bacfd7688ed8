import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { normalizeEmail } from '../src/auth/identifiers.ts';
import { authenticateOperator, createOperator } from '../src/db/operator-store.ts';
import { LOGIN_ATTEMPTS } from '../src/http/rate-limit.ts';
import { forEachEngine } from './support/engines.ts';
import { call, PASSWORD, seedWorkspace, startApi, type ApiHarness } from './support/api-harness.ts';

/** ASCII letters, digits and punctuation as their fullwidth forms (`ａｄｍｉｎ＠…`), which NFKC maps back. */
const fullwidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Spellings of `email` that are the same address after normalizeEmail. */
const sameAddress = (email: string) => [
  email.toUpperCase(),
  `  ${email}\t`,
  fullwidth(email),
  fullwidth(email.toUpperCase()),
  `\u3000${email}`,
];
/** Look-alikes that are other addresses: the Turkish dotted capital İ and the dotless ı. */
const otherAddress = (email: string) => [
  email.replace('admin', 'adm\u0130n'),
  email.toUpperCase().replace('ADMIN', 'ADM\u0130N'),
  email.replace('admin', 'adm\u0131n'),
];

describe('normalizeEmail', () => {
  test('trims, folds compatibility forms and case the same way on every machine, and is idempotent', () => {
    assert.equal(normalizeEmail('  Admin@Example.COM '), 'admin@example.com');
    assert.equal(normalizeEmail(fullwidth('ADMIN@EXAMPLE.COM')), 'admin@example.com');
    assert.equal(normalizeEmail('\u212Aelvin@x'), 'kelvin@x', 'the Kelvin sign is a K');
    assert.equal(normalizeEmail('adm\u0130n@x'), 'admi\u0307n@x', 'İ lower-cases to i + combining dot, not to i');
    assert.equal(normalizeEmail('adm\u0131n@x'), 'adm\u0131n@x');
    for (const email of ['Éric@Example.fr', 'adm\u0130n@x', 'ﬁle@x', 'ＳＳ@x', 'Straße@x'])
      assert.equal(normalizeEmail(normalizeEmail(email)), normalizeEmail(email), email);
  });
});

forEachEngine((engine) => {
  let api: ApiHarness;

  before(async () => {
    api = await startApi(await engine.migrated());
  });
  after(() => api?.close());

  const attempt = (email: string, password: string) => call(`${api.base}/auth/login`, { body: { email, password } });

  test(`after ${LOGIN_ATTEMPTS} failed logins, no other spelling of the address logs in to the account from that IP`, async () => {
    const { admin } = await seedWorkspace(api.ctx.db, 'Guessed');
    assert.match(admin.email, /^admin-/);
    for (let i = 0; i < LOGIN_ATTEMPTS; i++) assert.equal((await attempt(admin.email, `guess number ${i}`)).status, 401);
    const same = sameAddress(admin.email);
    const other = otherAddress(admin.email);
    const statuses = new Map<string, number>();
    for (const email of [admin.email, ...same, ...other]) statuses.set(email, (await attempt(email, PASSWORD)).status);
    const admitted = [...statuses].filter(([, status]) => status === 200).map(([email]) => email);
    assert.deepEqual(admitted, [], 'these spellings got past the throttle with the right password');
    // Every spelling that names the account counts against its exhausted budget; every other one is another
    // address, which this account's password does not open.
    assert.deepEqual([...statuses.values()], [429, ...same.map(() => 429), ...other.map(() => 401)]);
  });

  test('logging in ignores case, surrounding spaces and fullwidth forms; look-alikes of the address do not log in', async () => {
    const { agent } = await seedWorkspace(api.ctx.db, 'Fine');
    for (const email of sameAddress(agent.email)) {
      const response = await attempt(email, PASSWORD);
      assert.equal(response.status, 200, JSON.stringify(email));
      assert.equal(response.body.operator.id, agent.id);
    }
  });

  test('an operator is stored under the normalised email, found by any spelling of it, and unique by it', async () => {
    const { workspaceId } = await seedWorkspace(api.ctx.db, 'Stored');
    const email = `Ｍｉｘｅｄ.Case-${Date.now()}@Example.COM`;
    const operator = await createOperator(api.ctx.db, {
      workspaceId,
      email: ` ${email} `,
      displayName: 'Mixed',
      password: PASSWORD,
      role: 'agent',
    });
    assert.equal(operator.email, normalizeEmail(email));
    assert.equal((await authenticateOperator(api.ctx.db, email.toLowerCase(), PASSWORD))?.id, operator.id);
    assert.equal(await authenticateOperator(api.ctx.db, operator.email.replace('i', '\u0130'), PASSWORD), undefined);
    await assert.rejects(
      createOperator(api.ctx.db, {
        workspaceId,
        email: fullwidth(operator.email.toUpperCase()),
        displayName: 'Twin',
        password: PASSWORD,
        role: 'agent',
      }),
      /unique|duplicate/i,
    );
  });
});
