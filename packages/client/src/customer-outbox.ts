import type { SendResult } from '@parley/protocol';
import type { ParleyApiError } from './parley-api-error.ts';

/** What a customer posts: text, or a tap on a quick-reply button of bot message `messageId`. */
export type OutgoingPost =
  { clientMessageId: string; text: string } | { clientMessageId: string; quickReply: { messageId: string; value: string } };

/** The server's ack of a post: its id and seq, and `duplicate: true` when an earlier try had got through. */
export type SentMessage = SendResult & { clientMessageId: string };

/** queued: waits for the chat to be joined · in-flight: sent on the current connection, no ack yet. */
export type PostState = 'queued' | 'in-flight';

interface Entry {
  post: OutgoingPost;
  state: PostState;
  resolve(sent: SentMessage): void;
  reject(error: ParleyApiError): void;
}

/**
 * Posts not yet acked, in the order they were made. Each keeps its clientMessageId for every try, so the server
 * stores it once however often a dropped connection makes the chat send it again.
 */
export class CustomerOutbox {
  readonly #entries = new Map<string, Entry>();

  /** Adds a post; the promise settles when it is acked or refused for good. */
  add(post: OutgoingPost): Promise<SentMessage> {
    return new Promise<SentMessage>((resolve, reject) => {
      this.#entries.set(post.clientMessageId, { post, state: 'queued', resolve, reject });
    });
  }

  /** The queued posts, now marked in flight. */
  takeQueued(): OutgoingPost[] {
    const taken: OutgoingPost[] = [];
    for (const entry of this.#entries.values())
      if (entry.state === 'queued') {
        entry.state = 'in-flight';
        taken.push(entry.post);
      }
    return taken;
  }

  /** Back in the queue for the next try (a dropped connection, a timeout, `rate_limited`). */
  requeue(clientMessageId: string): void {
    const entry = this.#entries.get(clientMessageId);
    if (entry) entry.state = 'queued';
  }

  /** The connection dropped: nothing is in flight any more. */
  requeueAll(): void {
    for (const entry of this.#entries.values()) entry.state = 'queued';
  }

  acked(clientMessageId: string, result: SendResult): void {
    const entry = this.#entries.get(clientMessageId);
    if (!entry) return;
    this.#entries.delete(clientMessageId);
    entry.resolve({ id: result.id, seq: result.seq, duplicate: result.duplicate, clientMessageId });
  }

  failed(clientMessageId: string, error: ParleyApiError): void {
    const entry = this.#entries.get(clientMessageId);
    if (!entry) return;
    this.#entries.delete(clientMessageId);
    entry.reject(error);
  }

  failAll(error: ParleyApiError): void {
    for (const id of [...this.#entries.keys()]) this.failed(id, error);
  }

  /** The posts not acked yet, oldest first. */
  pending(): OutgoingPost[] {
    return [...this.#entries.values()].map((entry) => entry.post);
  }
}
