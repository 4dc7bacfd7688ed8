import * as z from 'zod';
import { defineOperation } from './operation.ts';
import { operatorProfileSchema } from './operators.ts';
import { timestampStringSchema } from './primitives.ts';

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

/** `GET /auth/me`: the operator of the session. */
export const currentOperatorSchema = z.object({ operator: operatorProfileSchema });

export type LoginRequest = z.input<typeof loginBodySchema>;
export type Session = z.infer<typeof sessionSchema>;
export type CurrentOperator = z.infer<typeof currentOperatorSchema>;

export const authOperations = {
  login: defineOperation({
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Log an operator in: a session token, also set as an HttpOnly cookie',
    tag: 'Auth',
    access: 'public',
    body: loginBodySchema,
    responses: { 200: { description: 'Logged in; Set-Cookie carries the same session', schema: sessionSchema } },
    errors: { 401: 'Wrong email or password', 429: 'Too many attempts for this email from this address' },
  }),
  logout: defineOperation({
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    summary: 'End the session of the request (bearer token or cookie), close its live connections and clear the cookie; fine without one',
    tag: 'Auth',
    access: 'public',
    responses: { 204: { description: 'Logged out' } },
  }),
  me: defineOperation({
    method: 'get',
    path: '/auth/me',
    operationId: 'me',
    summary: 'The logged-in operator',
    tag: 'Auth',
    access: 'operator',
    responses: { 200: { description: 'The operator of this session', schema: currentOperatorSchema } },
  }),
};
