import type { Namespace, Socket } from 'socket.io';
import type {
  CustomerClientToServerEvents,
  CustomerServerToClientEvents,
  OperatorClientToServerEvents,
  OperatorServerToClientEvents,
} from '@parley/protocol';
import type { Operator } from '../db/operator-store.ts';
import type { InboxFilter } from '../conversation/summaries.ts';

export interface CustomerSocketData {
  botId: string;
  visitorId: string;
  /** Conversations this socket joined (and so may post to) — ownership was checked on join. */
  conversations: Set<string>;
  /** Set when this socket's handshake minted the visitor: its token's hash, for the row its first conversation stores. */
  unsavedTokenHash?: string;
}

export interface OperatorSocketData {
  operator: Operator;
  /** The login session the socket was opened with; checked again on every event (operator-session.ts). */
  session: { id: string; expiresAt: Date };
  /** The socket's inbox subscription; undefined until it subscribes. */
  inbox?: InboxFilter;
}

type NoEvents = Record<string, never>;

/** What the nodes of a cluster tell each other on the operator namespace (serverSideEmit; Publisher). */
export interface OperatorNodeEvents {
  /** A conversation's summary changed: each node updates the inboxes of its own subscribed operator sockets. */
  'inbox:changed': (conversation: { id: string; workspaceId: string; channel: string }) => void;
}

export type CustomerNamespace = Namespace<CustomerClientToServerEvents, CustomerServerToClientEvents, NoEvents, CustomerSocketData>;
export type OperatorNamespace = Namespace<
  OperatorClientToServerEvents,
  OperatorServerToClientEvents,
  OperatorNodeEvents,
  OperatorSocketData
>;
export type CustomerSocket = Socket<CustomerClientToServerEvents, CustomerServerToClientEvents, NoEvents, CustomerSocketData>;
export type OperatorSocket = Socket<OperatorClientToServerEvents, OperatorServerToClientEvents, OperatorNodeEvents, OperatorSocketData>;
