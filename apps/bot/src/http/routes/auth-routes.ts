import type { Request } from 'express';
import { restOperations, type OperatorProfile } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { clearedSessionCookie, sessionCookie, sessionToken } from '../../auth/session-cookie.ts';
import { authenticateOperator, type Operator } from '../../db/operator-store.ts';
import { createSession, endSession } from '../../db/session-store.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { unauthorized } from '../http-error.ts';
import { clientIp, type LoginThrottle } from '../rate-limit.ts';

const profile = ({ id, email, displayName, role }: Operator): OperatorProfile => ({ id, email, displayName, role });

/** Mark the session cookie Secure: always, never, or when the request came over HTTPS (`auto`; see trust proxy). */
export type SecureCookies = boolean | 'auto';

export function authRoutes(ctx: AppContext, options: { throttle: LoginThrottle; secureCookies: SecureCookies }): AnyRoute[] {
  const { throttle } = options;
  const secure = (req: Request) => (options.secureCookies === 'auto' ? req.secure : options.secureCookies);
  return [
    implement(restOperations.login, {
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
    implement(restOperations.logout, {
      async handle(_input, { req, res }) {
        const ended = await endSession(ctx.db, sessionToken(req.headers));
        if (ended) ctx.publisher.sessionEnded(ended);
        res.setHeader('Set-Cookie', clearedSessionCookie(secure(req)));
        return { status: 204 };
      },
    }),
    implement(restOperations.me, {
      async handle(_input, { caller: { operator } }) {
        return { status: 200, body: { operator: profile(operator) } };
      },
    }),
  ];
}
