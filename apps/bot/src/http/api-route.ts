import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ApiKey } from '../db/api-key-store.ts';
import type { Operator } from '../db/operator-store.ts';

/**
 * Who may call a route: anyone, a bearer API key (the classify API, any origin), any logged-in operator, or
 * only admins.
 */
export type Access = 'public' | 'apiKey' | 'operator' | 'admin';

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

export interface RouteReply {
  status: number;
  /** Sent as JSON; none for 204. */
  body?: unknown;
  /** Sent instead of a JSON body, as a download (`Content-Disposition: attachment`). */
  attachment?: { filename: string; contentType: string; content: string };
}

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** The body's media types when it is not JSON (a download); `schema` describes it under each. */
  mediaTypes?: string[];
}

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One route of the API: what it accepts, what it answers, who may call it, and what it does. The router mounts
 * and the OpenAPI document describes the same table, so the two cannot drift apart.
 */
export interface ApiRoute<A extends Access = Access, P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax, relative to /api/v1 (`/bots/:botId`). */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: A;
  /** Any origin without credentials, or only the console's origins with them. Default: open for API-key routes. */
  cors?: CorsPolicy;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest JSON body accepted, in bytes, for the few routes that take files; default MAX_PAYLOAD_BYTES (64 KB). */
  bodyLimit?: number;
  /** Success responses by status. */
  responses: Record<number, RouteResponse>;
  /**
   * Failures this route may answer with, beyond what follows from its access and inputs (401, 403, 400) and
   * what any route may answer (429 per IP, 500).
   */
  errors?: Partial<Record<number, string>>;
  handle(input: { params: Parsed<P>; query: Parsed<Q>; body: Parsed<B> }, call: RouteCall<A>): Promise<RouteReply>;
}

/** A route of any shape, as the table holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = ApiRoute<any, any, any, any>;

/** Checks a route's handler against its own schemas, then files it in the table. */
export const defineRoute = <A extends Access, P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  route: ApiRoute<A, P, Q, B>,
): AnyRoute => route;
