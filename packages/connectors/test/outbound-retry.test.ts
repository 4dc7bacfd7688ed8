import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChannelSendError } from '../src/channels/index.ts';
import { ALL_KINDS, startChannel, type ChannelUnderTest } from './support/channel-fixtures.ts';

/** What every channel must do with the same failures, each answered in its provider's own shape by the fake. */
for (const kind of ALL_KINDS) {
  describe(`${kind} outbound retries`, () => {
    let channel: ChannelUnderTest;
    before(async () => {
      channel = await startChannel(kind);
    });
    after(() => channel.fake.close());

    const send = (text: string) => channel.adapter.send({ id: `msg-${text}`, address: channel.address, text });
    const attemptsFor = (text: string) => channel.fake.requests.filter((r) => r.rawBody.includes(text)).length;

    test('a rate limit is retried after the retry-after, capped by maxRetryAfterMs', async () => {
      channel.fake.failNext(1, 'rate_limit', { retryAfterSeconds: 1 });
      const started = performance.now();
      const receipt = await send('rate-limited');
      const elapsed = performance.now() - started;
      assert.equal(receipt.attempts, 2);
      assert.equal(attemptsFor('rate-limited'), 2);
      // WhatsApp's 130429 carries no retry-after by default, so only backoff applies there.
      if (kind !== 'whatsapp') assert.ok(elapsed >= 45, `waited ${elapsed} ms, the capped retry-after is 50 ms`);
      assert.ok(elapsed < 900, `waited ${elapsed} ms, the cap is 50 ms`);
      assert.equal(channel.fake.sent.at(-1)?.text, 'rate-limited');
    });

    test('a server error is retried', async () => {
      channel.fake.failNext(2, 'server_error');
      const receipt = await send('server-error');
      assert.equal(receipt.attempts, 3);
      assert.equal(attemptsFor('server-error'), 3);
    });

    test('a dropped connection and a timeout are retried', async () => {
      channel.fake.failNext(1, 'network');
      channel.fake.failNext(1, 'timeout');
      const receipt = await send('network');
      assert.equal(receipt.attempts, 3);
    });

    for (const failure of ['unauthorized', 'bad_request'] as const) {
      test(`${failure} is permanent: one attempt, no retry, no secret in the message`, async () => {
        channel.fake.failNext(1, failure);
        const error = await send(failure).then(
          () => assert.fail('should have thrown'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof ChannelSendError);
        assert.equal(error.permanent, true);
        assert.equal(error.attempts, 1);
        assert.equal(attemptsFor(failure), 1);
        for (const secret of channel.secrets) assert.ok(!error.message.includes(secret), `${error.message} leaks a secret`);
      });
    }

    test('exhausted retries give a non-permanent ChannelSendError with the attempt count', async () => {
      channel.fake.failNext(4, 'server_error');
      const error = await send('exhausted').then(
        () => assert.fail('should have thrown'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ChannelSendError);
      assert.equal(error.permanent, false);
      assert.equal(error.attempts, 4);
      assert.equal(attemptsFor('exhausted'), 4);
      for (const secret of channel.secrets) assert.ok(!error.message.includes(secret), `${error.message} leaks a secret`);
    });

    test('an abort stops the retries with the signal reason', async () => {
      channel.fake.failNext(1, 'timeout');
      const controller = new AbortController();
      const reason = new Error('shutting down');
      setTimeout(() => controller.abort(reason), 100);
      await assert.rejects(channel.adapter.send({ id: 'abort', address: channel.address, text: 'aborted' }, controller.signal), reason);
      assert.equal(attemptsFor('aborted'), 1);
    });
  });
}
