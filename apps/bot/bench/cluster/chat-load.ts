/**
 * Customers chatting through `@parley/client` (the SDK a widget or integration uses, with its resume and retry
 * rules), each in a closed loop of message → bot reply → think time. Every clientMessageId sent is remembered,
 * so that the database can be asked afterwards whether each was stored once and answered once (ledger.ts), and
 * every reconnect is timed from the drop to the re-join.
 */
import { openCustomerChat, type CustomerChat } from '@parley/client';
import type { ManagerOptions, SocketOptions } from 'socket.io-client';

export interface ChatLoadOptions {
  /** The load balancer's (or a single node's) base URL. */
  baseUrl: string;
  botKey: string;
  customers: number;
  /** Turns per customer; the loop ends after this many answered messages. */
  turns: number;
  /** Mean pause between a reply and the next message (uniform in [0.5, 1.5] × this). */
  thinkMs: number;
  /** Texts the customers cycle through; each send is made unique with its turn number. */
  texts: readonly string[];
  /** socket.io-client options: `transports`, reconnection delays. */
  io?: Partial<ManagerOptions & SocketOptions>;
  /** Customers connect this many at a time. */
  rampBatch?: number;
  /** Tags every clientMessageId, so that runs on one database stay apart. */
  runTag: string;
  /** A reply not in by then is given up on (counted in `failures`), so a lost one cannot hang the run. */
  replyTimeoutMs?: number;
}

export interface ChatLoadResult {
  /** Every clientMessageId sent, the ones acked and the ones answered. */
  sent: string[];
  acked: number;
  answered: number;
  /** Send → bot reply, ms, of answered turns. */
  latenciesMs: number[];
  /** performance.now() of each conversation's last bot reply. */
  lastReplyAt: Map<string, number>;
  /** Drop → re-joined, ms, of every reconnect. */
  reconnectsMs: number[];
  /** Customers still reconnecting at the end. */
  stillOffline: number;
  /** Sends the server refused for good (the SDK retries everything else). */
  failures: string[];
  /** Answered turns per second over the run, from the first send to the last reply. */
  msgPerSec: number;
  durationMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Customer messages the tiny test domain (and the demo) answers in one bot message, without a handoff. */
export const PLAIN_TEXTS = [
  'where is my order',
  'track my package',
  'how do I cancel an order',
  'cancel my order',
  'how do I get a refund',
  'when will I get my refund',
  'I need to change my shipping address',
  'update the delivery address please',
];

class ChatCustomer {
  readonly chat: CustomerChat;
  #droppedAt: number | undefined;
  #reply: { clientMessageId: string; echoed: boolean; resolve: () => void } | undefined;

  constructor(
    options: ChatLoadOptions,
    private readonly result: ChatLoadResult,
    private readonly replyTimeoutMs = options.replyTimeoutMs ?? 30_000,
  ) {
    this.chat = openCustomerChat({
      baseUrl: options.baseUrl,
      botKey: options.botKey,
      ackTimeoutMs: 5_000,
      retryDelayMs: 250,
      io: { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 1_000, forceNew: true, ...options.io },
    });
    this.chat.on('connection', (state) => {
      if (state === 'reconnecting') this.#droppedAt ??= performance.now();
      if (state === 'online' && this.#droppedAt !== undefined) {
        result.reconnectsMs.push(performance.now() - this.#droppedAt);
        this.#droppedAt = undefined;
      }
    });
    this.chat.on('event', (event) => {
      const waiting = this.#reply;
      if (!waiting || event.type !== 'message') return;
      if (event.message.author === 'customer' && event.message.clientMessageId === waiting.clientMessageId) waiting.echoed = true;
      else if (waiting.echoed && event.message.author === 'bot') waiting.resolve();
    });
  }

  get offline(): boolean {
    return this.#droppedAt !== undefined;
  }

  async turn(text: string, clientMessageId: string): Promise<void> {
    const started = performance.now();
    const replied = new Promise<void>((resolve) => (this.#reply = { clientMessageId, echoed: false, resolve }));
    this.result.sent.push(clientMessageId);
    try {
      await this.chat.send(text, { clientMessageId });
    } catch (error) {
      this.result.failures.push(`${clientMessageId}: ${error instanceof Error ? error.message : String(error)}`);
      this.#reply = undefined;
      return;
    }
    this.result.acked++;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      replied.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.replyTimeoutMs))),
    ]);
    clearTimeout(timer);
    this.#reply = undefined;
    if (timedOut) {
      this.result.failures.push(`${clientMessageId}: no bot reply within ${this.replyTimeoutMs} ms`);
      return;
    }
    const now = performance.now();
    this.result.answered++;
    this.result.latenciesMs.push(now - started);
    this.result.lastReplyAt.set(this.chat.conversationId!, now);
  }
}

/** Opens every customer, runs their loops to the end and closes them; what happened is in the result. */
export async function runChatLoad(options: ChatLoadOptions, during?: (progress: () => number) => Promise<void>): Promise<ChatLoadResult> {
  const result: ChatLoadResult = {
    sent: [],
    acked: 0,
    answered: 0,
    latenciesMs: [],
    lastReplyAt: new Map(),
    reconnectsMs: [],
    stillOffline: 0,
    failures: [],
    msgPerSec: 0,
    durationMs: 0,
  };
  const customers: ChatCustomer[] = [];
  const batch = options.rampBatch ?? 50;
  for (let i = 0; i < options.customers; i += batch) {
    const opened = Array.from({ length: Math.min(batch, options.customers - i) }, () => new ChatCustomer(options, result));
    customers.push(...opened);
    await Promise.all(opened.map((customer) => customer.chat.ready()));
  }
  const started = performance.now();
  try {
    const loops = customers.map(async (customer, index) => {
      await sleep(Math.random() * options.thinkMs);
      for (let turn = 1; turn <= options.turns; turn++) {
        const text = `${options.texts[(index + turn) % options.texts.length]!} (${index}.${turn})`;
        await customer.turn(text, `${options.runTag}-${index}-${turn}`);
        if (turn < options.turns) await sleep(options.thinkMs * (0.5 + Math.random()));
      }
    });
    const total = options.customers * options.turns;
    await Promise.all([...loops, during?.(() => result.answered / total)]);
  } finally {
    result.durationMs = performance.now() - started;
    result.msgPerSec = result.answered / (result.durationMs / 1000);
    result.stillOffline = customers.filter((customer) => customer.offline).length;
    for (const customer of customers) customer.chat.close();
  }
  return result;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
