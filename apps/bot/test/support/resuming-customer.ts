import { io as connect } from 'socket.io-client';
import type { CustomerConversationEvent } from '@parley/protocol';
import type { CustomerClient } from './bot-harness.ts';

/**
 * A customer client that implements the protocol's resume rules, as the widget must:
 * - after every (re)connect it joins with the highest seq it has *confirmed*, and merges the replay by seq;
 * - live events that arrive before the join ack are applied (deduped by seq) but confirm nothing until the ack
 *   of the last replay page does, because the replay may still hold older events than they are; while pages
 *   remain, only the page's own events confirm, and the next page is asked for from there;
 * - a send that was not acked is retried with the same client message id until it is.
 */
export class ResumingCustomer {
  readonly socket: CustomerClient;
  /** Every customer-visible event received, by seq; a second copy of a seq with different content is a bug. */
  readonly bySeq = new Map<number, CustomerConversationEvent>();
  readonly duplicates: number[] = [];
  /** Sends that had to be tried again (the drop hit them before their ack). */
  retries = 0;
  conversationId: string | undefined;
  #confirmedSeq = 0;
  #joined!: Promise<void>;
  #markJoined!: () => void;
  #isJoined = false;
  #pendingLive: number[] = [];

  constructor(base: string, botKey: string, visitorToken: string) {
    this.#expectJoin();
    this.socket = connect(`${base}/customer`, {
      transports: ['websocket'],
      auth: { botKey, visitorToken },
      reconnectionDelay: 5,
      reconnectionDelayMax: 20,
      forceNew: true,
    });
    this.socket.on('conversation:event', (event) => {
      this.#apply(event);
      this.#pendingLive.push(event.seq);
    });
    this.socket.on('connect', () => void this.#join());
    // A join still pending stays the one to wait for: replacing it would strand whoever already awaits it.
    this.socket.on('disconnect', () => this.#isJoined && this.#expectJoin());
  }

  #expectJoin(): void {
    this.#isJoined = false;
    this.#joined = new Promise((resolve) => (this.#markJoined = resolve));
  }

  /** Resolves once the current connection has joined and replayed. */
  ready(): Promise<void> {
    return this.#joined;
  }

  async #join(): Promise<void> {
    this.#pendingLive = [];
    try {
      const result = await this.socket.timeout(2_000).emitWithAck('conversation:join', {
        ...(this.conversationId ? { conversationId: this.conversationId } : {}),
        lastSeq: this.#confirmedSeq,
      });
      if (!result.ok) throw new Error(result.error.message);
      this.conversationId = result.conversationId;
      for (const event of result.events) this.#apply(event);
      // Everything up to the page's end is in hand; on the last page, so is every live event since the room was
      // joined. Before it, a live event may have overtaken the rest of the replay: it must not move the next page.
      const live = result.hasMore ? [] : this.#pendingLive;
      const seqs = [...result.events.map((e: CustomerConversationEvent) => e.seq), ...live, this.#confirmedSeq];
      this.#confirmedSeq = Math.max(...seqs);
      if (result.hasMore) return void this.#join();
      this.#isJoined = true;
      this.#markJoined();
    } catch {
      // The connection dropped mid-join: the next 'connect' joins again. Still connected (the ack was only slow,
      // a loaded server): ask again, or the client would wait for a join that never comes.
      if (this.socket.connected) setTimeout(() => void this.#join(), 50);
    }
  }

  #apply(event: CustomerConversationEvent): void {
    const known = this.bySeq.get(event.seq);
    if (known) {
      if (JSON.stringify(known) !== JSON.stringify(event)) this.duplicates.push(event.seq);
      return;
    }
    this.bySeq.set(event.seq, event);
  }

  /** Sends until acked, riding out disconnects; resolves with the ack. */
  async send(text: string, clientMessageId: string): Promise<{ id: string; seq: number; duplicate: boolean }> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (attempt > 0) this.retries++;
      await this.ready();
      try {
        const ack = await this.socket
          .timeout(1_000)
          .emitWithAck('message:send', { conversationId: this.conversationId!, clientMessageId, text });
        if (ack.ok) return ack;
        if (ack.error.code !== 'rate_limited' && ack.error.code !== 'internal')
          throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('refused')) throw error;
      }
    }
    throw new Error(`message ${clientMessageId} was never acked`);
  }

  close(): void {
    this.socket.disconnect();
  }
}
