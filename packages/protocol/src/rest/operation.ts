import type * as z from 'zod';

/**
 * Who may call an operation: anyone, a bearer API key (the classify API, any origin), any logged-in operator, or
 * only admins.
 */
export type Access = 'public' | 'apiKey' | 'operator' | 'admin';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RestResponse {
  description: string;
  /** The body; none for 204. */
  schema?: z.ZodType;
  /** The body's media types when it is not JSON (a download); `schema` describes it under each. */
  mediaTypes?: readonly string[];
}

/**
 * One operation of the REST API as both sides see it: the server mounts and validates it, the OpenAPI document
 * describes it, and clients call it, all from this one object.
 */
export interface RestOperation {
  method: HttpMethod;
  /** Express syntax, relative to /api/v1 (`/bots/:botId`). */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  /** Path and query parameters are always objects of named strings on the wire. */
  params?: z.ZodType<unknown, Record<string, unknown>>;
  query?: z.ZodType<unknown, Record<string, unknown>>;
  body?: z.ZodType;
  /** Largest JSON body accepted, in bytes, for the few operations that take files; default the server's 64 KB. */
  bodyLimit?: number;
  /** Success responses by status. */
  responses: Readonly<Record<number, RestResponse>>;
  /**
   * Failures this operation may answer with, beyond what follows from its access and inputs (401, 403, 400, 413)
   * and what any operation may answer (429 per IP, 500).
   */
  errors?: Readonly<Partial<Record<number, string>>>;
}

/** Keeps the operation's exact schema types, so servers and clients infer from it. */
export const defineOperation = <const Operation extends RestOperation>(operation: Operation): Operation => operation;

type PartSchema<O extends RestOperation, Part extends 'params' | 'query' | 'body'> = O[Part] extends z.ZodType ? O[Part] : undefined;

/** What a caller sends: each part the operation takes, in its wire (input) form. */
export type OperationInput<O extends RestOperation> = (PartSchema<O, 'params'> extends z.ZodType
  ? { params: z.input<PartSchema<O, 'params'>> }
  : { params?: undefined }) &
  (PartSchema<O, 'query'> extends z.ZodType ? { query?: z.input<PartSchema<O, 'query'>> } : { query?: undefined }) &
  (PartSchema<O, 'body'> extends z.ZodType ? { body: z.input<PartSchema<O, 'body'>> } : { body?: undefined });

/** What a server handler receives: each part after validation (its output form). */
export type ParsedInput<O extends RestOperation> = {
  [Part in 'params' | 'query' | 'body']: PartSchema<O, Part> extends z.ZodType ? z.output<PartSchema<O, Part>> : undefined;
};

type ResponseBody<R, Form extends 'input' | 'output'> = R extends { schema: infer S extends z.ZodType }
  ? Form extends 'input'
    ? z.input<S>
    : z.output<S>
  : undefined;

/** The successful answers a server may give, by status, with the body in the form the handler writes it. */
export type OperationReply<O extends RestOperation> = {
  [Status in keyof O['responses'] & number]: O['responses'][Status] extends { schema: z.ZodType }
    ? { status: Status; body: ResponseBody<O['responses'][Status], 'input'> }
    : { status: Status; body?: undefined };
}[keyof O['responses'] & number];

/** What a client gets back from a successful call: the body of any success status, parsed. */
export type OperationResult<O extends RestOperation> = {
  [Status in keyof O['responses'] & number]: ResponseBody<O['responses'][Status], 'output'>;
}[keyof O['responses'] & number];
