import { ParleyApiError } from '@parley/client';

/** What to show a person for any thrown value (a `ParleyApiError` from `@parley/client` carries the server's message). */
export function errorMessage(error: unknown): string {
  if (error instanceof ParleyApiError && error.code === 'network')
    return 'The server cannot be reached. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return String(error);
}
