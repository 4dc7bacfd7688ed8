import { ApiError } from './api-error.ts';

export const API_BASE = '/api/v1';

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** The session provider registers here so an expired session anywhere sends the operator back to the login form. */
export function setUnauthorizedListener(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

type Query = Record<string, string | number | boolean | undefined>;

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Login answers 401 for a wrong password: that is a form error, not an expired session. */
  quietUnauthorized?: boolean;
}

/** JSON over the session cookie; throws ApiError with the server's `{ error: { code, message } }` when the call fails. */
export async function request<Result>(path: string, options: RequestOptions = {}): Promise<Result> {
  const { method = 'GET', query, body, quietUnauthorized = false } = options;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as Result;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !quietUnauthorized) onUnauthorized?.();
    throw toApiError(response, payload);
  }
  return payload as Result;
}

function toApiError(response: Response, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'http_error';
  const message =
    typeof error?.message === 'string'
      ? error.message
      : response.status === 404
        ? 'This feature is not available on the server yet (404).'
        : `The server answered ${response.status} ${response.statusText}.`;
  return new ApiError(response.status, code, message);
}
