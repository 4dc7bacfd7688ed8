import { io, type Socket } from 'socket.io-client';
import type {
  AnswerDraftEvent,
  ConversationStatus,
  CustomerClientToServerEvents,
  CustomerConversationEvent,
  CustomerServerToClientEvents,
  CustomerTypingEvent,
  JoinResult,
} from '@parley/protocol';
import { newClientMessageId } from '@parley/client';
import { EventLog } from './event-log.ts';
import { Outbox, type OutgoingMessage } from './outbox.ts';
import { loadChat, saveChat, type SavedChat } from './saved-chat.ts';

type CustomerSocket = Socket<CustomerServerToClientEvents, CustomerClientToServerEvents>;

/** connecting: first connection · online: joined · reconnecting: lost, retrying · unavailable: the server refused us. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'unavailable';

export interface ChatListener {
  /** A logged event this page had not shown yet; `live` is false for history (saved or replayed). */
  event(event: CustomerConversationEvent, live: boolean): void;
  /** A post was made, changed state, or (`seq` set) was acknowledged. */
  outgoing(message: OutgoingMessage, seq?: number): void;
  connection(state: ConnectionState): void;
  status(status: ConversationStatus): void;
  typing(event: CustomerTypingEvent): void;
  /** A piece of a bot answer being streamed (ephemeral: never saved, never replayed). */
  draft(event: AnswerDraftEvent): void;
  /** The saved conversation is gone (another database, another visitor): forget what is shown. */
  reset(): void;
}

const ACK_TIMEOUT_MS = 10_000;
const RETRY_LATER_MS = 2_000;
const TYPING_IDLE_MS = 3_000;

/**
 * One visitor's conversation with the bot server, following the protocol's resume rules: every (re)connect joins
 * with the confirmed seq (EventLog), posts wait in an Outbox until a join has succeeded and are retried with the
 * same clientMessageId until acked, and the visitor token, conversation, log and unsent posts are saved per bot
 * key so a reload resumes where the page left off.
 */
export class ChatClient {
  readonly #botKey: string;
  readonly #serverOrigin: string;
  readonly #listener: ChatListener;
  readonly #saved: SavedChat;
  readonly #log: EventLog;
  readonly #outbox: Outbox;
  #socket: CustomerSocket | undefined;
  #conversationId: string | undefined;
  #status: ConversationStatus = 'bot';
  #online = false;
  /** Bumped on every disconnect, so the results of a dropped connection's emits are recognised as stale. */
  #connection = 0;
  /** Live events that came before this page knew its conversation id (the first join's ack). */
  #early: CustomerConversationEvent[] = [];
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: { botKey: string; serverOrigin: string; listener: ChatListener }) {
    this.#botKey = options.botKey;
    this.#serverOrigin = options.serverOrigin;
    this.#listener = options.listener;
    this.#saved = loadChat(this.#botKey);
    this.#conversationId = this.#saved.conversationId;
    this.#log = new EventLog(this.#saved.events, this.#saved.confirmedSeq);
    this.#outbox = new Outbox(this.#saved.outbox);
  }

  /** Whether this browser has talked to the bot before; the widget then connects at once to show the history. */
  get returning(): boolean {
    return this.#conversationId !== undefined || this.#outbox.all().length > 0;
  }

  get savedOpen(): boolean {
    return this.#saved.open;
  }

  get status(): ConversationStatus {
    return this.#status;
  }

  /** Shows the saved history and unsent posts, then connects. Idempotent. */
  start(): void {
    if (this.#socket) return;
    for (const event of this.#log.events()) this.#listener.event(event, false);
    for (const message of this.#outbox.all()) this.#listener.outgoing(message);
    this.#listener.connection('connecting');
    const socket: CustomerSocket = io(`${this.#serverOrigin}/customer`, {
      auth: (send) => send({ botKey: this.#botKey, ...(this.#saved.visitorToken ? { visitorToken: this.#saved.visitorToken } : {}) }),
    });
    this.#socket = socket;
    socket.on('session', ({ visitorToken }) => {
      this.#saved.visitorToken = visitorToken;
      this.#save();
    });
    socket.on('connect', () => void this.#join());
    socket.on('disconnect', (reason) => {
      this.#dropped();
      // The server hung up on purpose (a restart, a kick); socket.io-client only retries on its own otherwise.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), RETRY_LATER_MS);
    });
    socket.on('connect_error', () => {
      // A refused handshake (unknown bot, origin not allowed) is final; a network error is retried by the manager.
      this.#listener.connection(socket.active ? 'reconnecting' : 'unavailable');
    });
    socket.on('conversation:event', (event) => {
      if (this.#conversationId === undefined) this.#early.push(event);
      else if (event.conversationId === this.#conversationId) this.#add(event, true);
    });
    socket.on('typing', (event) => {
      if (event.conversationId === this.#conversationId) this.#listener.typing(event);
    });
    socket.on('answer:draft', (event) => {
      if (event.conversationId === this.#conversationId) this.#listener.draft(event);
    });
  }

  send(text: string): void {
    this.#post({ clientMessageId: newClientMessageId(), text });
    this.typing(false);
  }

  sendQuickReply(messageId: string, label: string, value: string): void {
    this.#post({ clientMessageId: newClientMessageId(), text: label, quickReply: { messageId, value } });
  }

  /** The visitor asked to retry a failed post: the same clientMessageId, so it cannot be stored twice. */
  retry(clientMessageId: string): void {
    const message = this.#outbox.find(clientMessageId);
    if (!message || message.state !== 'failed') return;
    message.state = 'queued';
    this.#listener.outgoing(message);
    this.#flush();
  }

  /** Reports the visitor typing; a pause of a few seconds reports the stop. Ephemeral, so sent only while online. */
  typing(isTyping: boolean): void {
    clearTimeout(this.#typingTimer);
    const wasTyping = this.#typingTimer !== undefined;
    this.#typingTimer = isTyping ? setTimeout(() => this.typing(false), TYPING_IDLE_MS) : undefined;
    if (isTyping !== wasTyping && this.#online && this.#conversationId)
      this.#socket?.emit('typing', { conversationId: this.#conversationId, isTyping });
  }

  /** "Talk to a person"; resolves false when the server could not be asked. The status change arrives as an event. */
  async requestHandoff(): Promise<boolean> {
    if (!this.#online || !this.#socket || !this.#conversationId) return false;
    try {
      const ack = await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('handoff:request', { conversationId: this.#conversationId });
      if (ack.ok) this.#setStatus(ack.status);
      return ack.ok;
    } catch {
      return false;
    }
  }

  setOpen(open: boolean): void {
    this.#saved.open = open;
    this.#save();
  }

  #post(post: Omit<OutgoingMessage, 'state'>): void {
    this.#listener.outgoing(this.#outbox.add(post));
    this.#save();
    this.#flush();
  }

  async #join(): Promise<void> {
    const socket = this.#socket!;
    const connection = this.#connection;
    const lastSeq = this.#log.beginJoin();
    const asked = this.#conversationId;
    let ack;
    try {
      ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('conversation:join', asked ? { conversationId: asked, lastSeq } : { lastSeq });
    } catch {
      // No answer: a dropped connection joins again on its next 'connect'; a live one tries again shortly.
      this.#log.abandonJoin();
      if (connection === this.#connection) setTimeout(() => connection === this.#connection && void this.#join(), RETRY_LATER_MS);
      return;
    }
    if (connection !== this.#connection) return;
    if (!ack.ok) {
      this.#log.abandonJoin();
      // The saved conversation belongs to a visitor or database that no longer exists: start afresh.
      if (asked && (ack.error.code === 'not_found' || ack.error.code === 'unauthorized')) return this.#restart();
      setTimeout(() => connection === this.#connection && void this.#join(), ack.error.retryAfterMs ?? RETRY_LATER_MS);
      return;
    }
    if (asked && ack.conversationId !== asked) return this.#restart();
    this.#joined(ack);
  }

  #joined(ack: JoinResult): void {
    this.#conversationId = ack.conversationId;
    for (const event of this.#early.splice(0)) if (event.conversationId === ack.conversationId) this.#add(event, true);
    for (const event of ack.events) this.#add(event, false);
    this.#log.finishJoin(ack.events, ack.hasMore);
    this.#setStatus(ack.status);
    this.#save();
    if (ack.hasMore) return void this.#join();
    this.#online = true;
    this.#listener.connection('online');
    this.#flush();
  }

  #restart(): void {
    this.#conversationId = undefined;
    this.#early = [];
    this.#log.clear();
    this.#listener.reset();
    // Unsent posts belong to the visitor, not to the lost conversation: show them again and send them to the new one.
    for (const message of this.#outbox.all()) this.#listener.outgoing(message);
    this.#save();
    void this.#join();
  }

  #dropped(): void {
    this.#connection++;
    this.#online = false;
    this.#log.abandonJoin();
    for (const message of this.#outbox.requeueInFlight()) this.#listener.outgoing(message);
    this.#listener.connection('reconnecting');
  }

  #add(event: CustomerConversationEvent, live: boolean): void {
    if (!this.#log.add(event, live)) return;
    if (event.type === 'status') this.#setStatus(event.status);
    this.#listener.event(event, live);
    if (live) this.#save();
  }

  #setStatus(status: ConversationStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#listener.status(status);
  }

  #flush(): void {
    if (!this.#online) return;
    for (const message of this.#outbox.all()) if (message.state === 'queued') void this.#deliver(message);
  }

  async #deliver(message: OutgoingMessage): Promise<void> {
    const socket = this.#socket!;
    const connection = this.#connection;
    const conversationId = this.#conversationId!;
    message.state = 'in-flight';
    this.#listener.outgoing(message);
    const { clientMessageId, text, quickReply } = message;
    try {
      const ack = await (quickReply
        ? socket.timeout(ACK_TIMEOUT_MS).emitWithAck('quick-reply:send', { conversationId, clientMessageId, ...quickReply })
        : socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', { conversationId, clientMessageId, text }));
      if (ack.ok) {
        this.#outbox.remove(clientMessageId);
        this.#listener.outgoing(message, ack.seq);
      } else if (ack.error.code === 'rate_limited' || ack.error.code === 'internal') {
        message.state = 'queued';
        setTimeout(() => this.#flush(), ack.error.retryAfterMs ?? RETRY_LATER_MS);
      } else {
        message.state = 'failed';
        this.#listener.outgoing(message);
      }
    } catch {
      // A dropped connection already put it back in the queue for the next join; a live one that timed out is
      // left to the visitor, who may retry it with the same id.
      if (connection !== this.#connection || message.state !== 'in-flight') return;
      message.state = 'failed';
      this.#listener.outgoing(message);
    }
    this.#save();
  }

  #save(): void {
    Object.assign(this.#saved, {
      conversationId: this.#conversationId,
      confirmedSeq: this.#log.confirmedSeq,
      events: this.#log.events(),
      outbox: this.#outbox
        .all()
        .map(({ clientMessageId, text, quickReply }) => ({ clientMessageId, text, ...(quickReply ? { quickReply } : {}) })),
    });
    saveChat(this.#botKey, this.#saved);
  }
}
