import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CustomerConversationEvent } from '@parley/protocol';
import { conversationResultSchema, sendResultSchema, watchResultSchema } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { SESSION_COOKIE } from '../src/auth/session-cookie.ts';
import { apiErrorSchema } from '@parley/protocol';
import { LOGIN_ATTEMPTS } from '../src/http/rate-limit.ts';
import { sessionSchema } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import {
  call,
  connectCustomer,
  login,
  PASSWORD,
  seedWorkspace,
  startApi,
  type ApiHarness,
  type SeededWorkspace,
} from './support/api-harness.ts';

function assertError(response: { status: number; body: unknown }, status: number, code: string): string {
  assert.equal(response.status, status, JSON.stringify(response.body));
  const parsed = apiErrorSchema.parse(response.body);
  assert.equal(parsed.error.code, code);
  return parsed.error.message;
}

/** Every `conversation:event` a customer socket receives, and a way to wait for the next one that matches. */
function customerEvents(socket: Socket) {
  const seen: CustomerConversationEvent[] = [];
  const waiters: Array<{ match: (e: CustomerConversationEvent) => boolean; resolve: (e: CustomerConversationEvent) => void }> = [];
  socket.on('conversation:event', (event: CustomerConversationEvent) => {
    seen.push(event);
    for (const waiter of waiters.splice(0))
      if (waiter.match(event)) waiter.resolve(event);
      else waiters.push(waiter);
  });
  return {
    seen,
    next(match: (e: CustomerConversationEvent) => boolean, timeoutMs = 5000): Promise<CustomerConversationEvent> {
      const earlier = seen.find(match);
      if (earlier) return Promise.resolve(earlier);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching conversation:event arrived')), timeoutMs);
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
  };
}

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;

  before(async () => {
    const db = await engine.migrated();
    api = await startApi(db);
    acme = await seedWorkspace(db, 'Acme');
  });
  after(() => api?.close());

  describe('operator auth', () => {
    test('login: token, expiry, profile and an HttpOnly SameSite=Strict session cookie that authenticates on its own', async () => {
      const response = await call(`${api.base}/auth/login`, { body: { email: acme.agent.email.toUpperCase(), password: PASSWORD } });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const session = sessionSchema.parse(response.body);
      assert.deepEqual(session.operator, {
        id: acme.agent.id,
        email: acme.agent.email,
        displayName: acme.agent.displayName,
        role: 'agent',
      });
      assert.ok(Date.parse(session.expiresAt) > Date.now() + 60 * 60 * 1000);
      assert.ok(!/hash|password/i.test(JSON.stringify(response.body)));

      const cookie = response.headers.get('set-cookie') ?? '';
      assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=${session.token};`));
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Strict/i);
      assert.doesNotMatch(cookie, /Secure/i, 'secureCookies defaults to off');

      const byCookie = await call(`${api.base}/auth/me`, { headers: { cookie: `${SESSION_COOKIE}=${session.token}` } });
      assert.equal(byCookie.status, 200);
      assert.equal(byCookie.body.operator.id, acme.agent.id);
      const byBearer = await call(`${api.base}/auth/me`, { token: session.token });
      assert.equal(byBearer.body.operator.role, 'agent');
    });

    test('wrong password and unknown email get the same 401; bad bodies a 400 naming the field', async () => {
      const wrong = assertError(
        await call(`${api.base}/auth/login`, { body: { email: acme.admin.email, password: 'not the password' } }),
        401,
        'unauthorized',
      );
      const unknown = assertError(
        await call(`${api.base}/auth/login`, { body: { email: 'nobody@example.com', password: PASSWORD } }),
        401,
        'unauthorized',
      );
      assert.equal(wrong, unknown);
      assert.match(
        assertError(await call(`${api.base}/auth/login`, { body: { email: acme.admin.email } }), 400, 'invalid_payload'),
        /body\.password/,
      );
      assert.match(
        assertError(
          await call(`${api.base}/auth/login`, { body: { email: acme.admin.email, password: 'x'.repeat(201) } }),
          400,
          'invalid_payload',
        ),
        /body\.password/,
      );
    });

    test('logout ends the session and clears the cookie; the token no longer works', async () => {
      const token = await login(api.base, acme.agent.email);
      const response = await call(`${api.base}/auth/logout`, { method: 'POST', token });
      assert.equal(response.status, 204);
      assert.match(response.headers.get('set-cookie') ?? '', new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`, 'i'));
      assertError(await call(`${api.base}/auth/me`, { token }), 401, 'unauthorized');
      assert.equal((await call(`${api.base}/auth/logout`, { method: 'POST' })).status, 204, 'without a session too');
      assertError(await call(`${api.base}/auth/me`), 401, 'unauthorized');
      assertError(await call(`${api.base}/auth/me`, { token: 'ps_forged' }), 401, 'unauthorized');
    });

    test(`after ${LOGIN_ATTEMPTS} attempts for one email from one address, login is refused with 429 even with the right password`, async () => {
      const target = await seedWorkspace(api.ctx.db, 'Throttled');
      for (let i = 0; i < LOGIN_ATTEMPTS; i++)
        assertError(
          await call(`${api.base}/auth/login`, { body: { email: target.admin.email, password: `guess number ${i}` } }),
          401,
          'unauthorized',
        );
      const refused = await call(`${api.base}/auth/login`, { body: { email: target.admin.email, password: PASSWORD } });
      assertError(refused, 429, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) > 60);
      // Another account from the same address is unaffected.
      assert.equal((await call(`${api.base}/auth/login`, { body: { email: target.agent.email, password: PASSWORD } })).status, 200);
    });

    test('a success clears the count of failed attempts', async () => {
      const target = await seedWorkspace(api.ctx.db, 'Forgetful');
      const attempt = (password: string) => call(`${api.base}/auth/login`, { body: { email: target.agent.email, password } });
      for (let i = 0; i < LOGIN_ATTEMPTS - 1; i++) assert.equal((await attempt('wrong password')).status, 401);
      assert.equal((await attempt(PASSWORD)).status, 200);
      for (let i = 0; i < LOGIN_ATTEMPTS - 1; i++) assert.equal((await attempt('wrong password')).status, 401);
      assert.equal((await attempt(PASSWORD)).status, 200);
    });

    test('secureCookies marks the cookie Secure', async () => {
      const base = api.mountAnother('/tls', { secureCookies: true });
      const response = await call(`${base}/auth/login`, { body: { email: acme.agent.email, password: PASSWORD } });
      assert.match(response.headers.get('set-cookie') ?? '', /;\s*Secure/i);
    });
  });

  describe('conversations', () => {
    let customer: Socket;
    let events: ReturnType<typeof customerEvents>;
    let conversationId: string;
    let agentToken: string;
    let adminToken: string;
    let outsiderToken: string;
    const url = (suffix = '') => `${api.base}/conversations/${conversationId}${suffix}`;

    before(async () => {
      customer = await connectCustomer(api, acme.bot);
      events = customerEvents(customer);
      const joined = await customer.timeout(5000).emitWithAck('conversation:join', { lastSeq: 0 });
      assert.equal(joined.ok, true, JSON.stringify(joined));
      conversationId = joined.conversationId;
      agentToken = await login(api.base, acme.agent.email);
      adminToken = await login(api.base, acme.admin.email);
      outsiderToken = await login(api.base, (await seedWorkspace(api.ctx.db, 'Globex')).admin.email);
    });

    test('the inbox lists the workspace’s conversations, filtered by status and assignee', async () => {
      const all = await call(`${api.base}/conversations`, { token: agentToken });
      assert.equal(all.status, 200);
      assert.ok(all.body.conversations.some((c: { conversationId: string }) => c.conversationId === conversationId));
      const bot = await call(`${api.base}/conversations?status=bot,waiting`, { token: agentToken });
      assert.deepEqual(
        bot.body.conversations.map((c: { conversationId: string; status: string }) => [c.conversationId, c.status]),
        [[conversationId, 'bot']],
      );
      assert.deepEqual((await call(`${api.base}/conversations?status=waiting`, { token: agentToken })).body.conversations, []);
      assert.deepEqual((await call(`${api.base}/conversations?mine=true`, { token: agentToken })).body.conversations, []);
      assert.deepEqual((await call(`${api.base}/conversations`, { token: outsiderToken })).body.conversations, []);
      assert.match(
        assertError(await call(`${api.base}/conversations?status=bot,nope`, { token: agentToken }), 400, 'invalid_payload'),
        /query\.status\[1\]/,
      );
      assert.match(
        assertError(await call(`${api.base}/conversations?mine=yes`, { token: agentToken }), 400, 'invalid_payload'),
        /query\.mine/,
      );
      assertError(await call(`${api.base}/conversations`), 401, 'unauthorized');
    });

    test('GET one conversation; another workspace’s operator gets 404 for it, as for an unknown id', async () => {
      const one = await call(url(), { token: agentToken });
      assert.equal(one.status, 200);
      assert.equal(conversationResultSchema.parse(one.body).conversation.conversationId, conversationId);
      assertError(await call(url(), { token: outsiderToken }), 404, 'not_found');
      assertError(await call(url('/events'), { token: outsiderToken }), 404, 'not_found');
      assertError(await call(url('/messages'), { token: outsiderToken, body: { clientMessageId: 'x1', text: 'hi' } }), 404, 'not_found');
      assertError(await call(url('/take-over'), { method: 'POST', token: outsiderToken }), 404, 'not_found');
      assertError(await call(`${api.base}/conversations/00000000-0000-4000-8000-000000000000`, { token: agentToken }), 404, 'not_found');
      assertError(await call(`${api.base}/conversations/not-a-uuid`, { token: agentToken }), 404, 'not_found');
    });

    test('a reply sent through REST reaches the connected customer live; a retry returns the first post as a duplicate', async () => {
      const arrived = events.next((e) => e.type === 'message' && e.message.author === 'operator');
      const sent = await call(url('/messages'), {
        token: agentToken,
        body: { clientMessageId: 'rest-1', text: 'Hello, this is Ann from support' },
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const result = sendResultSchema.parse(sent.body);
      assert.equal(result.duplicate, false);
      const event = await arrived;
      assert.ok(event.type === 'message' && event.message.author === 'operator');
      assert.equal(event.message.text, 'Hello, this is Ann from support');
      assert.equal(event.message.operatorName, acme.agent.displayName);
      assert.equal(event.seq, result.seq);
      assert.equal(event.message.id, result.id);
      // Replying took the conversation over first, and the customer saw that too.
      assert.ok(events.seen.some((e) => e.type === 'status' && e.status === 'assigned' && e.seq < result.seq));

      const retry = await call(url('/messages'), {
        token: agentToken,
        body: { clientMessageId: 'rest-1', text: 'Hello, this is Ann from support' },
      });
      assert.equal(retry.status, 200);
      assert.deepEqual(retry.body, { id: result.id, seq: result.seq, duplicate: true });
      const summary = await call(url(), { token: agentToken });
      assert.equal(summary.body.conversation.status, 'assigned');
      assert.equal(summary.body.conversation.assignee.id, acme.agent.id);
      assert.equal(summary.body.conversation.latestSeq, result.seq, 'the retry logged nothing');
      const mine = await call(`${api.base}/conversations?mine=true&status=assigned`, { token: agentToken });
      assert.deepEqual(
        mine.body.conversations.map((c: { conversationId: string }) => c.conversationId),
        [conversationId],
      );
    });

    test('send bodies are the socket event’s: a bad one is a 400 naming the field', async () => {
      assert.match(
        assertError(await call(url('/messages'), { token: agentToken, body: { text: 'hi' } }), 400, 'invalid_payload'),
        /body\.clientMessageId/,
      );
      assert.match(
        assertError(
          await call(url('/messages'), { token: agentToken, body: { clientMessageId: 'rest-x', text: '   ' } }),
          400,
          'invalid_payload',
        ),
        /body\.text/,
      );
      assert.match(
        assertError(
          await call(url('/messages'), { token: agentToken, body: { clientMessageId: 'has space', text: 'hi' } }),
          400,
          'invalid_payload',
        ),
        /body\.clientMessageId/,
      );
      assert.match(
        assertError(
          await call(url('/messages'), { token: agentToken, body: { conversationId, clientMessageId: 'rest-y', text: 'hi' } }),
          400,
          'invalid_payload',
        ),
        /conversationId/,
      );
    });

    test('notes are logged for operators only; the events page replays everything after `after`', async () => {
      const note = await call(url('/notes'), { token: agentToken, body: { clientMessageId: 'note-1', text: 'customer is a VIP' } });
      assert.equal(note.status, 201);
      const again = await call(url('/notes'), { token: agentToken, body: { clientMessageId: 'note-1', text: 'customer is a VIP' } });
      assert.equal(again.status, 200);
      assert.equal(again.body.duplicate, true);

      const page = await call(url('/events?after=0'), { token: agentToken });
      assert.equal(page.status, 200);
      const replay = watchResultSchema.parse(page.body);
      assert.equal(replay.hasMore, false);
      assert.deepEqual(
        replay.events.map((e) => e.type),
        ['status', 'message', 'note'],
      );
      const last = replay.events.at(-1)!;
      assert.ok(last.type === 'note' && last.note.text === 'customer is a VIP');
      assert.deepEqual((await call(url(`/events?after=${last.seq}`), { token: agentToken })).body.events, []);
      assert.equal((await call(url(`/events?after=${last.seq - 1}`), { token: agentToken })).body.events.length, 1);
      assert.match(assertError(await call(url('/events?after=-1'), { token: agentToken }), 400, 'invalid_payload'), /query\.after/);
      assert.ok(!events.seen.some((e) => e.seq === last.seq), 'the customer never receives the note');
    });

    test('assign, conflicts with another operator’s conversation, hand-back and take-over', async () => {
      assertError(
        await call(url('/assign'), { token: adminToken, body: { operatorId: '00000000-0000-4000-8000-000000000000' } }),
        404,
        'not_found',
      );
      const assigned = await call(url('/assign'), { token: agentToken, body: { operatorId: acme.admin.id } });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.equal(assigned.body.conversation.assignee.id, acme.admin.id);
      // Now the admin's: the agent may not reply or hand it back.
      assertError(
        await call(url('/messages'), { token: agentToken, body: { clientMessageId: 'rest-2', text: 'me again' } }),
        409,
        'conflict',
      );
      assertError(await call(url('/hand-back'), { method: 'POST', token: agentToken }), 409, 'conflict');

      const handedBack = events.next((e) => e.type === 'status' && e.status === 'bot');
      const back = await call(url('/hand-back'), { method: 'POST', token: adminToken });
      assert.equal(back.status, 200);
      assert.equal(back.body.conversation.status, 'bot');
      await handedBack;

      const taken = await call(url('/take-over'), { method: 'POST', token: agentToken });
      assert.equal(taken.status, 200);
      assert.deepEqual([taken.body.conversation.status, taken.body.conversation.assignee.id], ['assigned', acme.agent.id]);
      assert.equal((await call(url('/take-over'), { method: 'POST', token: agentToken })).status, 200, 'idempotent for the assignee');
    });

    test('corrections of a customer message are logged; an unknown message is a 404', async () => {
      const sent = await customer
        .timeout(5000)
        .emitWithAck('message:send', { conversationId, clientMessageId: 'c-1', text: 'where is my refund' });
      assert.equal(sent.ok, true, JSON.stringify(sent));
      const corrected = await call(url('/corrections'), {
        token: agentToken,
        body: { messageId: sent.id, kind: 'intent', label: 'refund' },
      });
      assert.equal(corrected.status, 201, JSON.stringify(corrected.body));
      const page = await call(url(`/events?after=${corrected.body.seq - 1}`), { token: agentToken });
      assert.deepEqual(
        page.body.events.map((e: { type: string; label: string; messageId: string }) => [e.type, e.label, e.messageId]),
        [['correction', 'refund', sent.id]],
      );
      const { rows } = await api.ctx.db.query<{ label: string }>(`SELECT label FROM training_examples WHERE message_id = $1`, [sent.id]);
      assert.deepEqual(rows, [{ label: 'refund' }]);
      assertError(
        await call(url('/corrections'), {
          token: agentToken,
          body: { messageId: '00000000-0000-4000-8000-000000000000', kind: 'intent', label: 'x' },
        }),
        404,
        'not_found',
      );
      assert.match(
        assertError(
          await call(url('/corrections'), { token: agentToken, body: { messageId: sent.id, kind: 'mood', label: 'x' } }),
          400,
          'invalid_payload',
        ),
        /body\.kind/,
      );
    });

    test('close; a closed conversation takes no more replies', async () => {
      const closed = events.next((e) => e.type === 'status' && e.status === 'closed');
      const response = await call(url('/close'), { method: 'POST', token: agentToken });
      assert.equal(response.status, 200);
      assert.equal(response.body.conversation.status, 'closed');
      await closed;
      assertError(
        await call(url('/messages'), { token: agentToken, body: { clientMessageId: 'rest-3', text: 'still there?' } }),
        409,
        'conflict',
      );
    });
  });

  test('an unknown route or method under /api/v1 is a JSON 404', async () => {
    assert.match(assertError(await call(`${api.base}/nothing/here`), 404, 'not_found'), /nothing\/here/);
    assertError(await call(`${api.base}/classify`, { method: 'PUT', body: {} }), 404, 'not_found');
  });
});
