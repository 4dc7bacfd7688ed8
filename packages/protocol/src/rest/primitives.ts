import * as z from 'zod';

/**
 * Primitives of the REST API's bodies, shared by every route's schemas (the server's, and the clients' that read
 * its answers). Wire forms: ids as UUID strings, instants as ISO 8601 strings in UTC.
 */
export const uuidSchema = z.string().meta({ format: 'uuid' });
export const timestampStringSchema = z.iso.datetime().meta({ description: 'ISO 8601, UTC' });
