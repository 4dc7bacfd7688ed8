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
}

export interface OperatorSocketData {
  operator: Operator;
  /** The socket's inbox subscription; undefined until it subscribes. */
  inbox?: InboxFilter;
}

type NoEvents = Record<string, never>;

export type CustomerNamespace = Namespace<CustomerClientToServerEvents, CustomerServerToClientEvents, NoEvents, CustomerSocketData>;
export type OperatorNamespace = Namespace<OperatorClientToServerEvents, OperatorServerToClientEvents, NoEvents, OperatorSocketData>;
export type CustomerSocket = Socket<CustomerClientToServerEvents, CustomerServerToClientEvents, NoEvents, CustomerSocketData>;
export type OperatorSocket = Socket<OperatorClientToServerEvents, OperatorServerToClientEvents, NoEvents, OperatorSocketData>;
