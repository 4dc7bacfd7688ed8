import type { CustomerConversationEvent, CustomerViewMessage } from '@parley/protocol';
import { el } from './dom.ts';
import type { OutgoingMessage } from './outbox.ts';
import type { WidgetStrings } from './strings.ts';

export interface MessageListActions {
  retry(clientMessageId: string): void;
  quickReply(messageId: string, label: string, value: string): void;
}

/**
 * The conversation as shown: logged events in seq order (a replay can deliver older events after newer live ones),
 * then the visitor's posts that have no seq yet. Every text goes in through `el`, as text nodes.
 */
export class MessageList {
  readonly element: HTMLElement;
  /** Screen readers hear new messages from the other side through this polite live region. */
  readonly announcer: HTMLElement;
  readonly #strings: WidgetStrings;
  readonly #actions: MessageListActions;
  /** The visitor's own messages by clientMessageId, so an ack or the server's echo updates the bubble in place. */
  readonly #own = new Map<string, HTMLElement>();

  constructor(strings: WidgetStrings, actions: MessageListActions) {
    this.#strings = strings;
    this.#actions = actions;
    this.element = el('div', { class: 'log' });
    this.announcer = el('div', { class: 'sr', 'aria-live': 'polite', 'aria-atomic': 'false' });
    this.clear();
  }

  clear(): void {
    this.#own.clear();
    this.element.replaceChildren(el('p', { class: 'greeting', 'data-seq': '0' }, this.#strings.greeting));
  }

  /** Shows a logged event; returns true when it is a message from the bot or an operator. */
  showEvent(event: CustomerConversationEvent, live: boolean): boolean {
    if (event.type === 'status') {
      const text =
        event.status === 'assigned' && event.operatorName ? this.#strings.joined(event.operatorName) : this.#strings.status[event.status];
      this.#place(el('p', { class: 'status' }, text), event.seq);
      if (live) this.#announce(text);
      return false;
    }
    const message = event.message;
    const mine = message.clientMessageId ? this.#own.get(message.clientMessageId) : undefined;
    if (mine) {
      this.#setState(mine, 'sent');
      this.#place(mine, event.seq);
      return false;
    }
    const node = this.#bubble(message);
    if (message.author === 'customer' && message.clientMessageId) this.#own.set(message.clientMessageId, node);
    this.#place(node, event.seq);
    if (message.author === 'customer') return false;
    if (live) this.#announce(`${this.#who(message)}: ${message.text}`);
    return true;
  }

  /** A post of this page: new (sending), failed, or acked with its seq (sent). */
  showOutgoing(message: OutgoingMessage, seq?: number): void {
    let node = this.#own.get(message.clientMessageId);
    if (!node) {
      node = this.#bubble({ author: 'customer', text: message.text });
      this.#own.set(message.clientMessageId, node);
      this.element.append(node);
      this.scrollToEnd();
    }
    if (seq !== undefined) {
      this.#setState(node, 'sent');
      this.#place(node, seq);
    } else if (!node.dataset.seq) {
      this.#setState(node, message.state === 'failed' ? 'failed' : 'sending', message.clientMessageId);
    }
  }

  #who(message: Pick<CustomerViewMessage, 'author'> & { operatorName?: string }): string {
    if (message.author === 'customer') return this.#strings.you;
    if (message.author === 'bot') return this.#strings.bot;
    return message.operatorName || this.#strings.team;
  }

  #bubble(message: CustomerViewMessage | { author: 'customer'; text: string }): HTMLElement {
    const node = el('div', { class: `msg ${message.author}` });
    node.append(
      el('span', { class: message.author === 'customer' ? 'sr' : 'who' }, this.#who(message)),
      el('div', { class: 'bubble' }, message.text),
    );
    if (message.author === 'bot' && message.quickReplies?.length) {
      const row = el('div', { class: 'replies' });
      for (const reply of message.quickReplies) {
        const button = el('button', { type: 'button' }, reply.label);
        button.addEventListener('click', () => {
          for (const b of row.querySelectorAll('button')) b.disabled = true;
          this.#actions.quickReply(message.id, reply.label, reply.value);
        });
        row.append(button);
      }
      node.append(row);
    }
    return node;
  }

  #setState(node: HTMLElement, state: 'sending' | 'sent' | 'failed', clientMessageId?: string): void {
    node.classList.remove('sending', 'failed');
    if (state !== 'sent') node.classList.add(state);
    const label = el('span', {}, this.#strings[state === 'failed' ? 'failed' : state]);
    const line = el('div', { class: 'state' }, label);
    if (state === 'failed' && clientMessageId) {
      const retry = el('button', { type: 'button', class: 'retry' }, this.#strings.retry);
      retry.addEventListener('click', () => this.#actions.retry(clientMessageId));
      line.append(retry);
    }
    node.querySelector('.state')?.remove();
    node.append(line);
  }

  /** Puts `node` before the first logged node with a higher seq, or before the posts still waiting for one. */
  #place(node: HTMLElement, seq: number): void {
    node.dataset.seq = String(seq);
    const next = [...this.element.children].find((child) => {
      if (child === node) return false;
      const other = (child as HTMLElement).dataset.seq;
      return other === undefined || Number(other) > seq;
    });
    this.element.insertBefore(node, next ?? null);
    this.scrollToEnd();
  }

  /**
   * Shows the newest message. Scrolling does nothing while the panel is hidden (nothing has a height), so the
   * view calls this again when the panel opens.
   */
  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  #announce(text: string): void {
    this.announcer.textContent = text;
  }
}
