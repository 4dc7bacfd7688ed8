import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBanner } from '../src/demo/start-banner.ts';

const demo = { operatorEmail: 'admin@parley.local', publicKey: 'pk_demo_PUBLIC', apiKey: 'sk_SECRET' };

test('the start banner shows both keys, each saying what it is for', () => {
  const lines = startBanner('http://localhost:3000', demo, 'hunter2hunter2').split('\n');
  const widget = lines.find((line) => line.includes('pk_demo_PUBLIC'));
  const api = lines.find((line) => line.includes('sk_SECRET') && !line.includes('curl'));
  assert.match(widget ?? '', /Widget key:.*public.*web page/);
  assert.match(api ?? '', /API key:.*secret.*server-side/);
  assert.ok(
    lines.some((line) => line.includes('Bearer sk_SECRET')),
    'the curl example uses the secret key',
  );
  assert.ok(!lines.some((line) => line.includes('Bearer pk_demo_PUBLIC')), 'never the public key as a bearer');
});

test('without a known API key the banner points at PARLEY_DEMO_API_KEY', () => {
  const text = startBanner('http://localhost:3000', { ...demo, apiKey: undefined }, 'the password in PARLEY_DEMO_OPERATOR_PASSWORD');
  assert.match(text, /API key: +\(see PARLEY_DEMO_API_KEY\)/);
  assert.match(text, /Widget key: +pk_demo_PUBLIC/);
});
