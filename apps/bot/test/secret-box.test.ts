import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadSecretsKey, SecretBox } from '../src/channels/secret-box.ts';

test('sealed secrets open with the same key, and a wrong key or a tampered row fails loudly', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal({ botToken: '123:abc', secretToken: 's3cret' });
  assert.ok(!JSON.stringify(sealed).includes('s3cret'));
  assert.deepEqual(box.open(sealed), { botToken: '123:abc', secretToken: 's3cret' });
  assert.notEqual(box.seal({ a: 'b' }).iv, box.seal({ a: 'b' }).iv, 'a fresh IV per seal');
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed));
  const tampered = { ...sealed, data: Buffer.from('{"botToken":"evil"}').toString('base64') };
  assert.throws(() => box.open(tampered));
  assert.deepEqual(box.open({}), {}, 'wiped secrets open to none');
  assert.throws(() => new SecretBox(randomBytes(16)), /32 bytes/);
});

test('the key comes from PARLEY_SECRETS_KEY, else from a 0600 file generated once in the data dir', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-secrets-'));
  const first = loadSecretsKey(undefined, dir);
  assert.equal(first.length, 32);
  assert.equal(statSync(path.join(dir, 'secrets.key')).mode & 0o777, 0o600);
  assert.deepEqual(loadSecretsKey(undefined, dir), first, 'the same key on the next start');
  const hex = randomBytes(32).toString('hex');
  assert.deepEqual(loadSecretsKey(hex, dir), Buffer.from(hex, 'hex'));
  const base64 = randomBytes(32).toString('base64');
  assert.deepEqual(loadSecretsKey(base64, dir), Buffer.from(base64, 'base64'));
  assert.throws(() => loadSecretsKey('too-short', dir), /PARLEY_SECRETS_KEY must be 32 bytes/);
});
