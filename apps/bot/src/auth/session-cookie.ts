import { parse, serialize } from 'cookie';

/** The console's login cookie. HttpOnly keeps it from page scripts; SameSite=Strict keeps it off cross-site requests. */
export const SESSION_COOKIE = 'parley_session';

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', expires: expiresAt, secure });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 0, secure });
}

/** The session token of a request: `Authorization: Bearer …` first (scripts, tests), else the cookie (the console). */
export function sessionToken(headers: { authorization?: string | undefined; cookie?: string | undefined }): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  return headers.cookie ? parse(headers.cookie)[SESSION_COOKIE] : undefined;
}
