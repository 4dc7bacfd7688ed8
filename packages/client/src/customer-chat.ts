import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  NAMESPACES,
  errorPayloadSchema,
  type ConversationStatus,
  type CustomerClientToServerEvents,
  type CustomerConversationEvent,
  type CustomerHandshake,
  type CustomerReadEvent,
  type CustomerServerToClientEvents,
  type CustomerTypingEvent,
  type JoinResult,
} from '@parley/protocol';
import { AnswerDrafts, type AnswerDraft } from './answer-drafts.ts';
import { newClientMessageId } from './customer-client-id.ts';
import { CustomerEmitter } from './customer-emitter.ts';
import { isRetryable, socketError } from './customer-errors.ts';
import { CustomerEventLog } from './customer-event-log.ts';
import { CustomerOutbox, type OutgoingPost, type SentMessage } from './customer-outbox.ts';
import { memoryStorage, visitorTokenKey, type VisitorTokenStorage } from './customer-storage.ts';
import { ParleyApiError } from './parley-api-error.ts';

export type CustomerSocket = Socket<CustomerServerToClientEvents, CustomerClientToServerEvents>;

/**
 * connecting: the first connection · online: joined, history replayed, sends go out · reconnecting: the
 * connection dropped and socket.io-client is retrying · unavailable: the server refused the handshake (unknown
 * bot key, origin not allowed), for good · closed: `close()` was called.
 */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'unavailable' | 'closed';

export interface CustomerChatOptions {
  /** The bot server's address (`https://bot.example.com`); '' for the page's own origin. */
  baseUrl: string;
  /** The bot's public key, as in the widget's script tag. */
  botKey: string;
  /** Keeps the visitor token across visits: `localStorage` in a browser. Default: in memory. */
  storage?: VisitorTokenStorage;
  /** socket.io-client options (`transports`, reconnection delays…); `auth` is the chat's own. */
  io?: Partial<ManagerOptions & SocketOptions>;
  /** How long to wait for an ack before trying again. Default 10 s. */
  ackTimeoutMs?: number;
  /** How long to wait before retrying a refused join or a `rate_limited` send without `retryAfterMs`. Default 2 s. */
  retryDelayMs?: number;
  /** How long a streamed answer may go without a delta before it is dropped. Default 30 s. */
  draftStaleMs?: number;
}

export interface CustomerChatEvents {
  /** A conversation event (message or status change), each seq once, in seq order, replayed history included. */
  event: (event: CustomerConversationEvent) => void;
  /** Who answers now: bot, waiting (for a person), assigned (a person), closed. */
  status: (status: ConversationStatus) => void;
  /** The bot or an operator is typing (ephemeral, never replayed). */
  typing: (event: CustomerTypingEvent) => void;
  /**
   * A bot answer being streamed (ephemeral, never replayed): once per delta with the text so far (`streaming`),
   * then once more when it ends: `final` right after the `event` of the logged message that replaces it (same
   * `draftId`; show `message.text`), or `dropped` when it will never be finished.
   */
  draft: (draft: AnswerDraft) => void;
  /** The agent side has read the customer's messages up to `upToSeq`. */
  read: (event: CustomerReadEvent) => void;
  connection: (state: ConnectionState) => void;
  /** The server no longer knows the conversation (another visitor, a wiped database): a new one starts. */
  reset: () => void;
  /** A failure the server reported without an ack (a refused handshake, a bad `typing`), or a refused join. */
  error: (error: ParleyApiError) => void;
}

/** A send: the promise of its ack, and its clientMessageId at once (to match the echoed event to it). */
export type PendingSend = Promise<SentMessage> & { readonly clientMessageId: string };

export interface CustomerChat {
  /** The underlying socket (for tests and diagnostics: `chat.socket.io.engine.close()` drops the connection). */
  readonly socket: CustomerSocket;
  readonly state: ConnectionState;
  /** Known after the first join. */
  readonly conversationId: string | undefined;
  readonly status: ConversationStatus;
  readonly visitorToken: string | undefined;
  /** The highest seq delivered through `event`. */
  readonly lastSeq: number;
  on<Name extends keyof CustomerChatEvents>(name: Name, listener: CustomerChatEvents[Name]): () => void;
  off<Name extends keyof CustomerChatEvents>(name: Name, listener: CustomerChatEvents[Name]): void;
  /** Resolves with the conversation id once joined (now, if online); rejects if the chat is closed or refused. */
  ready(): Promise<string>;
  /**
   * Posts text. It goes out once the chat is joined and is retried, with the same clientMessageId, after
   * reconnects, timeouts and `rate_limited` until acked; the promise rejects with a ParleyApiError when the
   * server refuses it for good (`invalid_payload`, `conflict` for a closed conversation…) or the chat closes.
   */
  send(text: string, options?: { clientMessageId?: string }): PendingSend;
  /** Taps quick-reply `value` of bot message `messageId`; delivered and retried like `send`. */
  sendQuickReply(messageId: string, value: string, options?: { clientMessageId?: string }): PendingSend;
  /** Asks for a person; resolves with the new status (the status event follows). */
  requestHandoff(): Promise<ConversationStatus>;
  /** Tells the agent side the customer is typing; dropped while offline (ephemeral). */
  typing(isTyping: boolean): void;
  /** Read receipt: the customer has seen everything up to `upToSeq`; dropped while offline. */
  markRead(upToSeq: number): void;
  /** Posts not acked yet, oldest first. */
  pending(): OutgoingPost[];
  /** Bot answers still being streamed, oldest first. */
  drafts(): AnswerDraft[];
  /** Disconnects for good; pending sends reject with `network`. */
  close(): void;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
  settled: boolean;
}

function deferred<T>(): Deferred<T> {
  const d = { settled: false } as Deferred<T>;
  d.promise = new Promise<T>((resolve, reject) => {
    d.resolve = (value) => ((d.settled = true), resolve(value));
    d.reject = (error) => ((d.settled = true), reject(error));
  });
  d.promise.catch(() => undefined); // Rejected only for whoever awaits it.
  return d;
}

/**
 * Opens a customer's chat with a bot over Socket.IO's `/customer` namespace, following `@parley/protocol`'s
 * conventions: the visitor token is kept (storage, and `socket.auth` for socket.io-client's own reconnects),
 * every (re)connect joins with the last confirmed seq and pages through the replay, events reach listeners
 * once each in seq order, and sends are retried with their clientMessageId until acked.
 */
export function openCustomerChat(options: CustomerChatOptions): CustomerChat {
  const storage = options.storage ?? memoryStorage();
  const tokenKey = visitorTokenKey(options.botKey);
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  const emitter = new CustomerEmitter<CustomerChatEvents>();
  const log = new CustomerEventLog();
  const outbox = new CustomerOutbox();
  const drafts = new AnswerDrafts(options.draftStaleMs === undefined ? {} : { staleMs: options.draftStaleMs });
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  let state: ConnectionState = 'connecting';
  let status: ConversationStatus = 'bot';
  let readUpToSeq = 0;
  let online = false;
  let closed = false;
  /** Bumped on every disconnect, so what a dropped connection answers late is recognised as stale. */
  let connection = 0;
  let joined = deferred<string>();

  const auth: CustomerHandshake = { botKey: options.botKey };
  const savedToken = storage.getItem(tokenKey);
  if (savedToken) auth.visitorToken = savedToken;
  // socket.io-client re-sends this very object on each reconnect, so `session` updating it is enough.
  const socket: CustomerSocket = io(`${options.baseUrl.replace(/\/+$/, '')}${NAMESPACES.customer}`, { ...options.io, auth });

  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) fn();
    }, ms);
    timers.add(timer);
  };

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    emitter.emit('connection', next);
  };

  const setStatus = (next: ConversationStatus) => {
    if (next === status) return;
    status = next;
    emitter.emit('status', next);
  };

  /** One timer for the draft that goes stale first, set again whenever the open drafts change. */
  const watchDrafts = () => {
    clearTimeout(draftTimer);
    draftTimer = undefined;
    const at = drafts.nextExpiry();
    if (at !== undefined && !closed) draftTimer = setTimeout(expireDrafts, Math.max(0, at - Date.now()));
  };

  const expireDrafts = () => {
    for (const draft of drafts.expire(Date.now())) emitter.emit('draft', draft);
    watchDrafts();
  };

  const endDrafts = (ended: readonly AnswerDraft[]) => {
    for (const draft of ended) emitter.emit('draft', draft);
    if (ended.length) watchDrafts();
  };

  const deliver = (events: readonly CustomerConversationEvent[]) => {
    for (const event of events) {
      emitter.emit('event', event);
      if (event.type === 'status') setStatus(event.status);
      endDrafts(drafts.logged(event));
    }
  };

  socket.on('session', ({ visitorToken }) => {
    (socket.auth as CustomerHandshake).visitorToken = visitorToken;
    storage.setItem(tokenKey, visitorToken);
  });
  socket.on('connect', () => void join());
  socket.on('disconnect', (reason) => {
    connection++;
    online = false;
    log.abandonJoin();
    outbox.requeueAll();
    if (joined.settled) joined = deferred();
    if (closed) return;
    setState('reconnecting');
    // The server hung up on purpose (a restart, a kick); socket.io-client only reconnects on its own otherwise.
    if (reason === 'io server disconnect') later(() => socket.connect(), retryDelayMs);
  });
  socket.on('connect_error', (error) => {
    if (socket.active) return setState(state === 'connecting' ? 'connecting' : 'reconnecting');
    // The server refused the handshake; socket.io-client does not retry that on its own.
    const data = errorPayloadSchema.safeParse((error as Error & { data?: unknown }).data);
    const refusal = data.success ? socketError(data.data) : new ParleyApiError(0, 'network', error.message);
    emitter.emit('error', refusal);
    if (data.success && isRetryable(data.data.code)) {
      setState(state === 'connecting' ? 'connecting' : 'reconnecting');
      return later(() => socket.connect(), data.data.retryAfterMs ?? retryDelayMs);
    }
    // An unknown bot key or an origin the bot does not allow: final.
    setState('unavailable');
    joined.reject(refusal);
    outbox.failAll(refusal);
  });
  socket.on('conversation:event', (event) => deliver(log.live(event)));
  socket.on('typing', (event) => {
    if (event.conversationId === log.conversationId) emitter.emit('typing', event);
  });
  socket.on('answer:draft', (event) => {
    if (event.conversationId !== log.conversationId) return;
    const draft = drafts.delta(event, { lastSeq: log.lastSeq, now: Date.now() });
    if (!draft) return;
    emitter.emit('draft', draft);
    watchDrafts();
  });
  socket.on('read', (event) => {
    if (event.conversationId !== log.conversationId || event.upToSeq <= readUpToSeq) return;
    readUpToSeq = event.upToSeq;
    emitter.emit('read', event);
  });
  socket.on('error', (event) => emitter.emit('error', socketError(event)));

  async function join(): Promise<void> {
    const current = connection;
    const ask = log.beginJoin();
    let ack;
    try {
      ack = await socket.timeout(ackTimeoutMs).emitWithAck('conversation:join', ask);
    } catch {
      // No answer: a dropped connection joins again on its next 'connect'; a live one tries again shortly.
      if (current !== connection || closed) return;
      log.abandonJoin();
      return later(() => current === connection && void join(), retryDelayMs);
    }
    if (current !== connection || closed) return;
    if (!ack.ok) {
      log.abandonJoin();
      if (ask.conversationId && (ack.error.code === 'not_found' || ack.error.code === 'unauthorized')) return restart();
      emitter.emit('error', socketError(ack.error));
      return later(() => current === connection && void join(), ack.error.retryAfterMs ?? retryDelayMs);
    }
    if (ask.conversationId && ack.conversationId !== ask.conversationId) restart(false);
    onJoined(ack);
  }

  function restart(rejoin = true): void {
    log.reset();
    readUpToSeq = 0;
    endDrafts(drafts.clear());
    emitter.emit('reset');
    if (rejoin) void join();
  }

  function onJoined(ack: JoinResult): void {
    deliver(log.joined(ack));
    setStatus(ack.status);
    if (ack.readUpToSeq > readUpToSeq) {
      readUpToSeq = ack.readUpToSeq;
      emitter.emit('read', { conversationId: ack.conversationId, upToSeq: ack.readUpToSeq });
    }
    if (ack.hasMore) return void join();
    online = true;
    setState('online');
    joined.resolve(ack.conversationId);
    flush();
  }

  function flush(): void {
    if (!online || closed) return;
    for (const post of outbox.takeQueued()) void post_(post);
  }

  async function post_(post: OutgoingPost): Promise<void> {
    const current = connection;
    const conversationId = log.conversationId!;
    const { clientMessageId } = post;
    try {
      const timed = socket.timeout(ackTimeoutMs);
      const ack =
        'quickReply' in post
          ? await timed.emitWithAck('quick-reply:send', { conversationId, clientMessageId, ...post.quickReply })
          : await timed.emitWithAck('message:send', { conversationId, clientMessageId, text: post.text });
      if (ack.ok) return outbox.acked(clientMessageId, ack);
      if (!isRetryable(ack.error.code)) return outbox.failed(clientMessageId, socketError(ack.error));
      outbox.requeue(clientMessageId);
      later(flush, ack.error.retryAfterMs ?? retryDelayMs);
    } catch {
      // Disconnected: the next join sends it again. Timed out on a live connection: send it again now; the
      // same clientMessageId means the server stores it once.
      if (current !== connection || closed) return;
      outbox.requeue(clientMessageId);
      flush();
    }
  }

  function enqueue(post: OutgoingPost): PendingSend {
    if (closed) {
      const refused = Promise.reject(new ParleyApiError(0, 'network', 'the chat is closed'));
      refused.catch(() => undefined);
      return Object.assign(refused, { clientMessageId: post.clientMessageId });
    }
    const promise = outbox.add(post);
    promise.catch(() => undefined); // A failure is the caller's to see; unobserved, it is not an unhandled rejection.
    flush();
    return Object.assign(promise, { clientMessageId: post.clientMessageId });
  }

  return {
    socket,
    get state() {
      return state;
    },
    get conversationId() {
      return log.conversationId;
    },
    get status() {
      return status;
    },
    get visitorToken() {
      return (socket.auth as CustomerHandshake).visitorToken;
    },
    get lastSeq() {
      return log.lastSeq;
    },
    on: (name, listener) => emitter.on(name, listener),
    off: (name, listener) => emitter.off(name, listener),
    ready: () => joined.promise,
    send: (text, sendOptions) => enqueue({ clientMessageId: sendOptions?.clientMessageId ?? newClientMessageId(), text }),
    sendQuickReply: (messageId, value, sendOptions) =>
      enqueue({ clientMessageId: sendOptions?.clientMessageId ?? newClientMessageId(), quickReply: { messageId, value } }),
    async requestHandoff() {
      const conversationId = await joined.promise;
      let ack;
      try {
        ack = await socket.timeout(ackTimeoutMs).emitWithAck('handoff:request', { conversationId });
      } catch {
        throw new ParleyApiError(0, 'timeout', 'the server did not answer the handoff request');
      }
      if (!ack.ok) throw socketError(ack.error);
      setStatus(ack.status);
      return ack.status;
    },
    typing(isTyping) {
      if (online && log.conversationId) socket.emit('typing', { conversationId: log.conversationId, isTyping });
    },
    markRead(upToSeq) {
      if (online && log.conversationId && upToSeq >= 1) socket.emit('read', { conversationId: log.conversationId, upToSeq });
    },
    pending: () => outbox.pending(),
    drafts: () => drafts.open(),
    close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      drafts.clear();
      clearTimeout(draftTimer);
      socket.disconnect();
      const error = new ParleyApiError(0, 'network', 'the chat was closed');
      joined.reject(error);
      outbox.failAll(error);
      setState('closed');
    },
  };
}
