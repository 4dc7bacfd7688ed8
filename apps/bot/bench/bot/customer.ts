/**
 * One simulated customer: a socket on /customer, its conversation, and a closed loop of messages, each awaiting
 * the bot's reply before the next (one outstanding message per client), with think time between them.
 */
import type { CustomerClientToServerEvents, CustomerConversationEvent, CustomerServerToClientEvents, SendResult } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';

type CustomerSocket = Socket<CustomerServerToClientEvents, CustomerClientToServerEvents>;

/** Shared by all clients: one place the numbers are summed, and the clock that says what is measured. */
export interface LoadStats {
  /** performance.now() bounds of the measured window; a turn counts when its reply arrives inside it. */
  windowStart: number;
  windowEnd: number;
  latenciesMs: number[];
  answered: number;
  answeredTotal: number;
  sent: number;
  acked: number;
  /** Sends answered with ok:false: never acked as stored, so counted as lost. */
  refused: number;
  errors: Map<string, number>;
  /** Ack ids of all customer messages, to catch one server id acked for two sends. */
  ackIds: Set<string>;
  duplicatedAckIds: number;
  /** Acks saying the send had been seen before, which never happens without retries. */
  duplicateAcks: number;
  /** conversation:event seqs a client received twice. */
  duplicatedEvents: number;
  /** Bot replies that arrived with no turn waiting for them, or with a seq not after the customer's message. */
  unexpectedReplies: number;
}

export const newStats = (): LoadStats => ({
  windowStart: Infinity,
  windowEnd: Infinity,
  latenciesMs: [],
  answered: 0,
  answeredTotal: 0,
  sent: 0,
  acked: 0,
  refused: 0,
  errors: new Map(),
  ackIds: new Set(),
  duplicatedAckIds: 0,
  duplicateAcks: 0,
  duplicatedEvents: 0,
  unexpectedReplies: 0,
});

export const countError = (stats: LoadStats, kind: string) => stats.errors.set(kind, (stats.errors.get(kind) ?? 0) + 1);

interface Turn {
  clientMessageId: string;
  sentAt: number;
  ack?: SendResult;
  /** Seq of our own message's echo; the reply is the first bot event after it. */
  echoSeq?: number;
  reply?: { seq: number; at: number };
  done: () => void;
}

// Generous: under overload a reply can take tens of seconds, and that is latency, not loss.
const ACK_TIMEOUT_MS = 120_000;

export class Customer {
  #socket: CustomerSocket | undefined;
  #conversationId = '';
  #seen = new Set<number>();
  #turn: Turn | undefined;
  #stopped = false;
  #turns = 0;
  /** Resolves when the client is closed, so a turn still waiting for its reply stops waiting. */
  #closed: Promise<void>;
  #close!: () => void;
  /** Turns sent whose reply or ack never came (counted at the end). */
  outstanding = 0;

  constructor(
    private readonly index: number,
    private readonly stats: LoadStats,
    private readonly nextText: () => string,
    private readonly runTag: string,
  ) {
    this.#closed = new Promise((resolve) => (this.#close = resolve));
  }

  /** Connects, waits for the visitor session, and joins a fresh conversation. Resolves with the time it took. */
  async open(baseUrl: string, botKey: string): Promise<number> {
    const started = performance.now();
    // forceNew + no multiplexing: each customer is its own WebSocket, as separate browsers would be.
    const socket: CustomerSocket = io(`${baseUrl}/customer`, {
      transports: ['websocket'],
      auth: { botKey },
      forceNew: true,
      multiplex: false,
      reconnection: false,
      timeout: 60_000,
    });
    this.#socket = socket;
    const session = new Promise<void>((resolve, reject) => {
      socket.once('session', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`connect_error: ${error.message}`)));
    });
    socket.on('conversation:event', (event) => this.#onEvent(event));
    socket.on('error', (error) => countError(this.stats, `server error event: ${error.code}`));
    socket.on('disconnect', (reason) => {
      if (!this.#stopped) countError(this.stats, `disconnect: ${reason}`);
    });
    await session;
    const joined = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('conversation:join', { lastSeq: 0 });
    if (!joined.ok) throw new Error(`join refused: ${joined.error.code}`);
    this.#conversationId = joined.conversationId;
    for (const event of joined.events) this.#seen.add(event.seq);
    return performance.now() - started;
  }

  /** Sends messages until `until` (performance.now()) or `maxMessages`, each after the reply to the previous one. */
  async loop(until: number, maxMessages: number, thinkMs: number): Promise<void> {
    // Spread the first messages over one think time, so that a thousand clients do not fire in one tick.
    await Promise.race([sleep(Math.random() * thinkMs), this.#closed]);
    while (performance.now() < until && (maxMessages === 0 || this.#turns < maxMessages) && !this.#stopped) {
      const ok = await this.#send();
      if (!ok) return;
      await Promise.race([sleep(thinkMs * (0.5 + Math.random())), this.#closed]);
    }
  }

  /** One turn; false when the client cannot go on (its socket is gone). */
  async #send(): Promise<boolean> {
    const socket = this.#socket!;
    if (!socket.connected) return false;
    const clientMessageId = `${this.runTag}-${this.index}-${++this.#turns}`;
    const replied = new Promise<void>((resolve) => {
      this.#turn = { clientMessageId, sentAt: performance.now(), done: resolve };
    });
    const turn = this.#turn!;
    this.stats.sent++;
    this.outstanding++;
    let ack;
    try {
      ack = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('message:send', { conversationId: this.#conversationId, clientMessageId, text: this.nextText() });
    } catch {
      countError(this.stats, 'message:send ack timeout');
      return socket.connected;
    }
    if (!ack.ok) {
      countError(this.stats, `message:send refused: ${ack.error.code}`);
      this.stats.refused++;
      this.outstanding--;
      this.#turn = undefined;
      return true;
    }
    this.stats.acked++;
    if (ack.duplicate) this.stats.duplicateAcks++;
    if (this.stats.ackIds.has(ack.id)) this.stats.duplicatedAckIds++;
    this.stats.ackIds.add(ack.id);
    turn.ack = ack;
    this.#settle(turn);
    // The server acks after it has published the reply, so the reply is normally here already.
    await Promise.race([replied, this.#closed]);
    return true;
  }

  #onEvent(event: CustomerConversationEvent): void {
    if (this.#seen.has(event.seq)) {
      this.stats.duplicatedEvents++;
      return;
    }
    this.#seen.add(event.seq);
    const turn = this.#turn;
    if (event.type === 'message' && event.message.author === 'customer') {
      if (turn && event.message.clientMessageId === turn.clientMessageId) turn.echoSeq = event.seq;
      return;
    }
    // A bot message, or (on handoff) a status change after the handoff text: the first one after our echo answers.
    if (!turn || turn.echoSeq === undefined || turn.reply) {
      if (event.type === 'message') this.stats.unexpectedReplies++;
      return;
    }
    if (event.type === 'status' || event.message.author !== 'bot') {
      this.stats.unexpectedReplies++;
      return;
    }
    turn.reply = { seq: event.seq, at: performance.now() };
    this.#settle(turn);
  }

  /** A turn is done when both its ack and its reply are in. */
  #settle(turn: Turn): void {
    if (!turn.ack || !turn.reply) return;
    if (turn.reply.seq <= turn.ack.seq) this.stats.unexpectedReplies++;
    const stats = this.stats;
    stats.answeredTotal++;
    if (turn.reply.at >= stats.windowStart && turn.reply.at < stats.windowEnd) {
      stats.answered++;
      stats.latenciesMs.push(turn.reply.at - turn.sentAt);
    }
    this.outstanding--;
    this.#turn = undefined;
    turn.done();
  }

  close(): void {
    this.#stopped = true;
    this.#close();
    this.#socket?.close();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
