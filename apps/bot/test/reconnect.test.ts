import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { ResumingCustomer } from './support/resuming-customer.ts';

const DROPS = 100;
const QUESTIONS = ['where is my order', 'cancel my order', 'I want a refund', 'change my shipping address', 'track my package'];

/** Kills the transport under the client, as a network drop would; the client reconnects on its own. */
const drop = (customer: ResumingCustomer) => customer.socket.io.engine.close();

forEachEngine((engine) => {
  let h: Harness;
  before(async () => {
    // A high event budget: this test reconnects far faster than any real widget.
    h = await startHarness(await engine.migrated(), {
      rateLimits: { connectionsPerIpPerMinute: 10_000, eventsPerSocketPer10s: 10_000, requestsPerIpPerMinute: 10_000 },
    });
  });
  after(() => h.close());

  test(`${DROPS} drops and reconnects mid-conversation lose and duplicate nothing`, { timeout: 120_000 }, async (t) => {
    const { socket, visitorToken } = await h.customer();
    socket.disconnect();
    const customer = new ResumingCustomer(h.base, h.publicKey, visitorToken);
    // A failed run must not leave a socket reconnecting forever, which keeps the test process alive.
    t.after(() => customer.close());
    await customer.ready();
    const acks: Array<{ id: string; seq: number }> = [];
    for (let i = 0; i < DROPS; i++) {
      const sending = customer.send(QUESTIONS[i % QUESTIONS.length]!, `turn-${i}`);
      // Drop at a different point of the turn each time: before the send leaves, right after, or after the ack.
      if (i % 3 === 0) drop(customer);
      else if (i % 3 === 1) setImmediate(() => drop(customer));
      const ack = await sending;
      if (i % 3 === 2) drop(customer);
      acks.push(ack);
    }
    await customer.ready();
    // Join once more on a settled conversation, so the last turn's reply is in hand wherever the last drop fell.
    drop(customer);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await customer.ready();
    customer.close();

    const { rows } = await h.app.ctx.db.query<{ seq: number; sender: string; client_message_id: string | null; kind: string }>(
      `SELECT seq, sender, client_message_id, kind FROM messages WHERE conversation_id = $1 ORDER BY seq`,
      [customer.conversationId],
    );
    const customerRows = rows.filter((row) => row.sender === 'customer');
    assert.equal(customerRows.length, DROPS, 'every message stored exactly once');
    assert.deepEqual(
      customerRows.map((row) => row.client_message_id),
      Array.from({ length: DROPS }, (_, i) => `turn-${i}`),
      'in the order sent',
    );
    assert.equal(new Set(acks.map((a) => a.id)).size, DROPS);
    assert.ok(customer.retries > 0, 'some drops hit a send before its ack, so retries were exercised');
    assert.equal(rows.filter((row) => row.sender === 'bot').length, DROPS, 'every message answered exactly once');
    assert.deepEqual(customer.duplicates, [], 'no seq arrived twice with different content');
    assert.deepEqual(
      [...customer.bySeq.keys()].sort((a, b) => a - b),
      rows.filter((row) => row.kind === 'message' || row.kind === 'status').map((row) => row.seq),
      'the client holds exactly the customer-visible log',
    );
  });
});
