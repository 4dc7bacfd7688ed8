import type { Request, Response } from 'express';
import type { Access, OperationReply, ParsedInput, RestOperation } from '@parley/protocol';
import type { ApiKey } from '../db/api-key-store.ts';
import type { Operator } from '../db/operator-store.ts';

export type { Access } from '@parley/protocol';

export type CorsPolicy = 'open' | 'console';

export const corsPolicyOf = (route: { access: Access; cors?: CorsPolicy }): CorsPolicy =>
  route.cors ?? (route.access === 'apiKey' ? 'open' : 'console');

/** What a handler knows about its caller; authenticated before the handler runs. */
export type Caller<A extends Access> = A extends 'apiKey'
  ? { apiKey: ApiKey }
  : A extends 'operator' | 'admin'
    ? { operator: Operator }
    : object;

export interface RouteCall<A extends Access> {
  req: Request;
  res: Response;
  caller: Caller<A>;
}

/** A download in place of a JSON body (`Content-Disposition: attachment`). */
export interface AttachmentReply {
  status: number;
  attachment: { filename: string; contentType: string; content: string };
}

/** How the server carries out one operation of the contract: what it does, and the one server-side choice, CORS. */
export interface Implementation<O extends RestOperation> {
  /** Any origin without credentials, or only the console's origins with them. Default: open for API-key routes. */
  cors?: CorsPolicy;
  handle(input: ParsedInput<O>, call: RouteCall<O['access']>): Promise<OperationReply<O> | AttachmentReply>;
}

/**
 * One route of the API as the table holds it: an operation of the contract with its implementation. The router
 * mounts and the OpenAPI document describes the same table, so the two cannot drift apart.
 */
export type AnyRoute = RestOperation & {
  cors?: CorsPolicy;
  handle(
    input: { params: unknown; query: unknown; body: unknown },
    call: RouteCall<Access>,
  ): Promise<{ status: number; body?: unknown; attachment?: AttachmentReply['attachment'] }>;
};

/**
 * An operation of `@parley/protocol`'s REST contract with the server's handler: the handler is typed from the
 * operation's schemas, so what it reads and what it answers cannot drift from what clients are told.
 */
export const implement = <const O extends RestOperation>(operation: O, implementation: NoInfer<Implementation<O>>): AnyRoute =>
  // The table erases each route's own types; runRoute validates inputs against the same schemas before handle.
  ({ ...operation, ...implementation }) as unknown as AnyRoute;
