import { randomBytes } from 'node:crypto';
import { createRestClient } from '@parley/client';
import type { OperatorClientToServerEvents, OperatorServerToClientEvents } from '@parley/protocol';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { PLAIN_TEXTS, runChatLoad, type ChatLoadResult } from '../../apps/bot/bench/cluster/chat-load.ts';
import { readLedger, type Ledger } from '../../apps/bot/bench/cluster/ledger.ts';
import type { ClusterStack } from './cluster-stack.ts';

export interface FaultRun {
  load: ChatLoadResult;
  ledger: Ledger;
  /** performance.now() when the fault was done. */
  faultAt: number;
}

/**
 * The one fault loop of the cluster suite: customers chat through the load balancer; once `faultAt` of their
 * turns are answered, `fault` runs (a node killed, Redis restarted, PostgreSQL connections cut) while they keep
 * going; afterwards the database says what was lost, duplicated or answered twice.
 */
export async function chatThroughFault(
  stack: ClusterStack,
  options: {
    customers: number;
    turns: number;
    thinkMs: number;
    fault: () => Promise<void>;
    faultAt?: number;
    io?: Partial<ManagerOptions & SocketOptions>;
  },
): Promise<FaultRun> {
  const runTag = `cl${randomBytes(4).toString('hex')}`;
  let faultAt = NaN;
  const load = await runChatLoad(
    {
      baseUrl: stack.lb.url,
      botKey: stack.seed.publicKey,
      customers: options.customers,
      turns: options.turns,
      thinkMs: options.thinkMs,
      texts: PLAIN_TEXTS,
      runTag,
      ...(options.io && { io: options.io }),
    },
    async (progress) => {
      while (progress() < (options.faultAt ?? 0.3)) await new Promise((resolve) => setTimeout(resolve, 50));
      await options.fault();
      faultAt = performance.now();
    },
  );
  return { load, ledger: await readLedger(stack.database.url, runTag, load.sent), faultAt };
}

/** An operator's socket through the load balancer with a live inbox, subscribed again after every reconnect. */
export interface InboxWatcher {
  socket: Socket<OperatorServerToClientEvents, OperatorClientToServerEvents>;
  /** performance.now() of the latest (re-)subscription. */
  subscribedAt: number;
  /** conversationId → performance.now() of the latest inbox:update for it. */
  updates: Map<string, number>;
  close(): void;
}

export async function watchInbox(stack: ClusterStack): Promise<InboxWatcher> {
  const rest = createRestClient({ baseUrl: stack.lb.url });
  const { token } = await rest.login({ body: stack.seed.admin });
  const socket: InboxWatcher['socket'] = io(`${stack.lb.url}/operator`, {
    transports: ['websocket'],
    auth: { token },
    reconnectionDelay: 100,
    reconnectionDelayMax: 1_000,
    forceNew: true,
  });
  const watcher: InboxWatcher = { socket, subscribedAt: NaN, updates: new Map(), close: () => socket.disconnect() };
  socket.on('inbox:update', ({ conversation }) => watcher.updates.set(conversation.conversationId, performance.now()));
  const subscribed = new Promise<void>((resolve, reject) => {
    socket.on('connect', () => {
      socket
        .timeout(10_000)
        .emitWithAck('inbox:subscribe', {})
        .then((ack) => {
          if (!ack.ok) throw new Error(`inbox:subscribe refused: ${ack.error.code}`);
          watcher.subscribedAt = performance.now();
          resolve();
        })
        // A reconnect that could not subscribe leaves `subscribedAt` old: the test's check then fails loudly.
        .catch(reject);
    });
  });
  await subscribed;
  return watcher;
}

/** Conversations answered well after the watcher last (re-)subscribed that it got no inbox update for since `since`. */
export function missedInboxUpdates(watcher: InboxWatcher, load: ChatLoadResult, since: number, slackMs = 1_000): string[] {
  const from = Math.max(since, watcher.subscribedAt) + slackMs;
  return [...load.lastReplyAt]
    .filter(([, repliedAt]) => repliedAt > from)
    .filter(([id]) => (watcher.updates.get(id) ?? -Infinity) < since)
    .map(([id]) => id);
}
