import type { Request } from 'express';
import type { AppContext } from '../app/context.ts';
import { findApiKey, type ApiKey } from '../db/api-key-store.ts';
import { unauthorized } from './http-error.ts';

/** API keys come only as `Authorization: Bearer …`; a cookie never authenticates an API-key route. */
const bearer = (req: Request): string | undefined => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

/** The live API key of the request, or a 401; unknown and revoked keys get the same answer. */
export async function authenticateApiKey(ctx: AppContext, req: Request): Promise<ApiKey> {
  const token = bearer(req);
  if (!token) throw unauthorized('send an API key as "Authorization: Bearer <key>"');
  const apiKey = await findApiKey(ctx.db, token);
  if (!apiKey) throw unauthorized('unknown or revoked API key');
  return apiKey;
}
