import {
  protocolError,
  type AnswerDraftEvent,
  type HandoffReason,
  type ModelChangedEvent,
  type TrainingProgressEvent,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ClusterBus } from '../cluster/cluster-bus.ts';
import type { Queryable } from '../db/database.ts';
import type { Message } from '../db/message.ts';
import { customerEvent, operatorEvent, operatorIdsOf } from '../conversation/event-views.ts';
import type { OperatorNames } from '../conversation/operator-names.ts';
import { conversationSummary, matchesFilter } from '../conversation/summaries.ts';
import { rooms } from './rooms.ts';
import type { CustomerNamespace, OperatorNamespace } from './socket-data.ts';

export interface ConversationRef {
  id: string;
  workspaceId: string;
  /** 'web' for the widget, else the channel kind its customer writes from. */
  channel: string;
}

/** Told of every committed batch of events, after the sockets were: how channel delivery learns of replies. */
export type PublishListener = (conversation: ConversationRef, messages: readonly Message[]) => void;

/**
 * Fans logged events out to whoever follows a conversation, each audience in its own view, and keeps operator
 * inboxes current. Events are published only after they committed, so a client never sees one that a
 * rollback then takes back; one a client misses in between arrives on its next join or watch by seq.
 *
 * With several nodes (a cluster bus given, and the Socket.IO adapter on Redis), room emits reach every node's
 * sockets through the adapter. Inboxes are per-socket state (each socket's filter), which a node reads only for
 * its own sockets: so an "inbox changed" notice goes to every node (serverSideEmit, no ack, no waiting on the
 * slowest or a dead node) and each updates its local subscribed sockets.
 */
export class Publisher {
  readonly #listeners: PublishListener[] = [];

  constructor(
    private readonly customers: CustomerNamespace,
    private readonly operators: OperatorNamespace,
    private readonly db: Queryable,
    private readonly names: OperatorNames,
    private readonly logger: Logger,
    private readonly bus?: ClusterBus,
  ) {
    if (bus)
      operators.on('inbox:changed', (notice) => {
        const parsed = conversationRefSchema.safeParse(notice);
        if (!parsed.success) return void logger.warn({ notice }, 'malformed inbox:changed from another node');
        const conversation = parsed.data;
        this.#updateLocalInboxes(conversation).catch((error: unknown) =>
          logger.error({ err: error, conversationId: conversation.id }, 'updating inboxes for another node failed'),
        );
      });
  }

  async publish(conversation: ConversationRef, messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return;
    const refs = await this.names.refs(operatorIdsOf(messages));
    const room = rooms.conversation(conversation.id);
    for (const message of messages) {
      const forCustomer = customerEvent(message, refs);
      if (forCustomer) this.customers.to(room).emit('conversation:event', forCustomer);
      this.operators.to(room).emit('conversation:event', operatorEvent(message, refs));
    }
    for (const listener of this.#listeners) listener(conversation, messages);
    await this.updateInboxes(conversation);
  }

  /** Streams a piece of an answer still being written to whoever follows the conversation; never logged. */
  answerDraft(conversation: ConversationRef, draft: AnswerDraftEvent): void {
    const room = rooms.conversation(conversation.id);
    this.customers.to(room).emit('answer:draft', draft);
    this.operators.to(room).emit('answer:draft', draft);
  }

  onPublish(listener: PublishListener): void {
    this.#listeners.push(listener);
  }

  /** Sends each subscribed operator socket of the workspace, on every node, an update or a removal, as its inbox filter decides. */
  async updateInboxes(conversation: ConversationRef): Promise<void> {
    if (this.bus)
      this.operators.serverSideEmit('inbox:changed', {
        id: conversation.id,
        workspaceId: conversation.workspaceId,
        channel: conversation.channel,
      });
    await this.#updateLocalInboxes(conversation);
  }

  /** This node's part of updateInboxes; the summary is read only when a socket here needs it. */
  async #updateLocalInboxes(conversation: ConversationRef): Promise<void> {
    const sockets = await this.operators.local.in(rooms.workspace(conversation.workspaceId)).fetchSockets();
    const subscribed = sockets.filter((socket) => socket.data.inbox);
    if (subscribed.length === 0) return;
    const summary = await conversationSummary(this.db, this.names, conversation.id);
    for (const socket of subscribed) {
      if (matchesFilter(summary, socket.data.inbox!)) socket.emit('inbox:update', { conversation: summary });
      else socket.emit('inbox:remove', { conversationId: conversation.id });
    }
  }

  /** Tells every operator of the workspace, whatever their filter, that a customer is waiting for a person. */
  async handoffRequested(conversation: ConversationRef, reason: HandoffReason): Promise<void> {
    const summary = await conversationSummary(this.db, this.names, conversation.id);
    this.operators.to(rooms.workspace(conversation.workspaceId)).emit('handoff:requested', { conversation: summary, reason });
    this.logger.info({ conversationId: conversation.id, reason }, 'handoff requested');
  }

  /** A training job moved; every operator of the workspace may follow it. */
  trainingProgress(workspaceId: string, event: TrainingProgressEvent): void {
    this.operators.to(rooms.workspace(workspaceId)).emit('training:progress', event);
  }

  /** A login session ended (logout): its sockets are told why and closed, on whichever server holds them. */
  sessionEnded(sessionId: string): void {
    const room = rooms.session(sessionId);
    this.operators.to(room).emit('error', protocolError('unauthorized', 'logged out'));
    this.operators.in(room).disconnectSockets(true);
  }

  /** A bot's live model changed (promotion or rollback). */
  modelChanged(workspaceId: string, event: ModelChangedEvent): void {
    this.operators.to(rooms.workspace(workspaceId)).emit('model:changed', event);
    // The other nodes load it too (cluster/follow-models.ts); this one already serves it.
    this.bus?.publish({ kind: 'model', botId: event.botId, version: event.version });
  }
}

/** What another node's `inbox:changed` notice must hold: it comes over Redis, so it is checked like any input. */
const conversationRefSchema = z.object({ id: z.string(), workspaceId: z.string(), channel: z.string() });
