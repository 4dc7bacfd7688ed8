import { createRestClient } from '@parley/client';

type UnauthorizedListener = () => void;
let listener: UnauthorizedListener | null = null;

/** The session provider registers here so an expired session anywhere sends the operator back to the login form. */
export function setUnauthorizedListener(next: UnauthorizedListener | null): void {
  listener = next;
}

/**
 * The console's one client of the REST API, typed from `@parley/protocol`'s operations. Same origin, so the
 * session cookie authenticates it. In development every answer is parsed with its schema, so a server and console
 * that disagree fail loudly (`bad_response`); production builds trust the server. A 401 from an operation that
 * needs a login tells the session listener (a wrong password at login does not).
 */
export const api = createRestClient({
  baseUrl: '',
  credentials: 'same-origin',
  // Vite replaces import.meta.env; under Node (the tests) there is none, and answers are validated.
  validateResponses: import.meta.env?.DEV ?? true,
  onUnauthorized: () => listener?.(),
});
