import type { Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { clearedSessionCookie, sessionCookie, sessionToken } from '../../auth/session-cookie.ts';
import { authenticateOperator, type Operator } from '../../db/operator-store.ts';
import { createSession, endSession } from '../../db/session-store.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { timestampStringSchema } from '@parley/protocol';
import { operatorProfileSchema } from '../api-schemas.ts';
import { unauthorized } from '../http-error.ts';
import { clientIp, type LoginThrottle } from '../rate-limit.ts';

export const loginBodySchema = z
  .strictObject({
    email: z.string().trim().min(1).max(320),
    // The store refuses longer passwords anyway; bounding it here keeps argon2 from hashing megabytes.
    password: z.string().min(1).max(200),
  })
  .meta({ id: 'Login' });

export const sessionSchema = z
  .object({
    token: z.string().meta({ description: 'Send as "Authorization: Bearer <token>"; the console uses the cookie instead.' }),
    expiresAt: timestampStringSchema,
    operator: operatorProfileSchema,
  })
  .meta({ id: 'Session' });

const profile = ({ id, email, displayName, role }: Operator) => ({ id, email, displayName, role });

/** Mark the session cookie Secure: always, never, or when the request came over HTTPS (`auto`; see trust proxy). */
export type SecureCookies = boolean | 'auto';

export function authRoutes(ctx: AppContext, options: { throttle: LoginThrottle; secureCookies: SecureCookies }): AnyRoute[] {
  const { throttle } = options;
  const secure = (req: Request) => (options.secureCookies === 'auto' ? req.secure : options.secureCookies);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      operationId: 'login',
      summary: 'Log an operator in: a session token, also set as an HttpOnly cookie',
      tag: 'Auth',
      access: 'public',
      body: loginBodySchema,
      responses: { 200: { description: 'Logged in; Set-Cookie carries the same session', schema: sessionSchema } },
      errors: { 401: 'Wrong email or password', 429: 'Too many attempts for this email from this address' },
      async handle({ body }, { req, res }) {
        const ip = clientIp(req);
        await throttle.attempt(ip, body.email);
        const operator = await authenticateOperator(ctx.db, body.email, body.password);
        // One message for an unknown email and a wrong password, so the form tells no one who has an account.
        if (!operator) throw unauthorized('wrong email or password');
        await throttle.succeeded(ip, body.email);
        const { token, expiresAt } = await createSession(ctx.db, operator.id);
        res.setHeader('Set-Cookie', sessionCookie(token, expiresAt, secure(req)));
        return { status: 200, body: { token, expiresAt: expiresAt.toISOString(), operator: profile(operator) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      operationId: 'logout',
      summary: 'End the session of the request (bearer token or cookie), close its live connections and clear the cookie; fine without one',
      tag: 'Auth',
      access: 'public',
      responses: { 204: { description: 'Logged out' } },
      async handle(_input, { req, res }) {
        const ended = await endSession(ctx.db, sessionToken(req.headers));
        if (ended) ctx.publisher.sessionEnded(ended);
        res.setHeader('Set-Cookie', clearedSessionCookie(secure(req)));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      operationId: 'me',
      summary: 'The logged-in operator',
      tag: 'Auth',
      access: 'operator',
      responses: { 200: { description: 'The operator of this session', schema: z.object({ operator: operatorProfileSchema }) } },
      async handle(_input, { caller: { operator } }) {
        return { status: 200, body: { operator: profile(operator) } };
      },
    }),
  ];
}
