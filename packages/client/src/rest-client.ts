import {
  apiErrorSchema,
  restOperations,
  type OperationInput,
  type OperationResult,
  type RestOperation,
  type RestOperationId,
  type RestOperations,
} from '@parley/protocol';
import { ParleyApiError } from './parley-api-error.ts';
import { operationUrl } from './rest-request.ts';

export interface RestClientOptions {
  /** The server's address (`http://localhost:3000`); '' for the page's own origin. The API lives under /api/v1. */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer …`: a secret API key (`sk_…`) for classify and usage, or an operator session
   * token from `login`. A function is asked on every call, so a token can change. None: the browser's cookie.
   */
  token?: string | (() => string | undefined);
  /** Whether the browser sends the session cookie: `same-origin` by default, `include` for a console elsewhere. */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Default: the global fetch (Node ≥ 18 and browsers). */
  fetch?: typeof fetch;
  /**
   * Parse each answer with its operation's schema, throwing `bad_response` when it does not fit (a client and
   * server of different versions). Default: on.
   */
  validateResponses?: boolean;
  /** Told of a 401 from an operation that needs a login or key: the session expired or the key was revoked. */
  onUnauthorized?: (error: ParleyApiError) => void;
}

/** Per call: cancel it. */
export interface CallOptions {
  signal?: AbortSignal;
}

type Call<O extends RestOperation> =
  // Operations that need nothing from the caller may be called with no argument.
  object extends OperationInput<O>
    ? (input?: OperationInput<O>, options?: CallOptions) => Promise<OperationResult<O>>
    : (input: OperationInput<O>, options?: CallOptions) => Promise<OperationResult<O>>;

/** One typed method per operation of the API, named by its operationId. */
export type RestClient = { [Id in RestOperationId]: Call<RestOperations[Id]> } & {
  /** The URL a call would fetch: for links such as an export the browser downloads itself. */
  urlOf<Id extends RestOperationId>(operationId: Id, input: OperationInput<RestOperations[Id]>): string;
};

export type { OperationInput, OperationResult };

const isJson = (response: Response) => /\bjson\b/i.test(response.headers.get('content-type') ?? '');

async function failure(response: Response): Promise<ParleyApiError> {
  const payload: unknown = isJson(response) ? await response.json().catch(() => null) : null;
  const parsed = apiErrorSchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, retryAfterMs } = parsed.data.error;
    return new ParleyApiError(response.status, code, message, retryAfterMs);
  }
  return new ParleyApiError(response.status, 'bad_response', `the server answered ${response.status} ${response.statusText}`.trim());
}

/**
 * A client of the REST API typed from `@parley/protocol`'s operations: `client.classify({ body: { texts } })`
 * answers what the server's own schema says, parsed.
 */
export function createRestClient(options: RestClientOptions): RestClient {
  const apiBase = `${options.baseUrl.replace(/\/+$/, '')}/api/v1`;
  const validate = options.validateResponses ?? true;
  const fetchFn = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));

  async function call(operation: RestOperation, input: OperationInput<RestOperation> | undefined, callOptions?: CallOptions) {
    const token = typeof options.token === 'function' ? options.token() : options.token;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    const body = input?.body === undefined ? undefined : JSON.stringify(input.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchFn(operationUrl(apiBase, operation, input), {
        method: operation.method.toUpperCase(),
        headers,
        body,
        credentials: options.credentials ?? 'same-origin',
        signal: callOptions?.signal ?? null,
      });
    } catch (error) {
      if (callOptions?.signal?.aborted) throw error;
      throw new ParleyApiError(0, 'network', `the server cannot be reached (${(error as Error).message})`);
    }
    if (!response.ok) {
      const error = await failure(response);
      if (response.status === 401 && operation.access !== 'public') options.onUnauthorized?.(error);
      throw error;
    }
    const declared = operation.responses[response.status];
    if (!declared?.schema) return undefined;
    const payload: unknown = declared.mediaTypes ? await response.text() : await response.json();
    if (!validate) return payload;
    const parsed = declared.schema.safeParse(payload);
    if (!parsed.success)
      throw new ParleyApiError(
        response.status,
        'bad_response',
        `${operation.operationId}: the answer does not match the API contract (${parsed.error.message})`,
      );
    return parsed.data;
  }

  const operations: Record<string, RestOperation> = restOperations;
  const client: Record<string, unknown> = {
    urlOf: (operationId: string, input: OperationInput<RestOperation>) => operationUrl(apiBase, operations[operationId]!, input),
  };
  for (const [id, operation] of Object.entries(operations))
    client[id] = (input?: OperationInput<RestOperation>, callOptions?: CallOptions) => call(operation, input, callOptions);
  return client as RestClient;
}
