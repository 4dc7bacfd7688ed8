const MB = 1024 * 1024;

import { HttpError } from './http-error.ts';

/** "64 KB", "5 MB": a body limit as people read it. */
export const bodyLimitText = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${Math.round(bytes / 1024)} KB`);

/** The refusal of a body over `limit` bytes, whether its declared length or its reading found it out. */
export const bodyTooLarge = (limit: number): HttpError =>
  new HttpError(413, 'invalid_payload', `the body is too large (${bodyLimitText(limit)} at most)`);
