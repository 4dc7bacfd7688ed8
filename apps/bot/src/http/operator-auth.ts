import type { Request } from 'express';
import type { AppContext } from '../app/context.ts';
import { sessionToken } from '../auth/session-cookie.ts';
import type { Operator, OperatorRole } from '../db/operator-store.ts';
import { operatorForSession } from '../db/session-store.ts';
import { forbidden, unauthorized } from './http-error.ts';

/** The operator of the request's session (bearer token or the console's cookie), or a 401; a 403 when `role` is required and missing. */
export async function authenticateOperatorRequest(ctx: AppContext, req: Request, role?: OperatorRole): Promise<Operator> {
  const operator = await operatorForSession(ctx.db, sessionToken(req.headers));
  if (!operator) throw unauthorized('log in first');
  if (role && operator.role !== role) throw forbidden(`only ${role}s may do this`);
  return operator;
}
