import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ParleyApiError } from '@parley/client';
import * as auth from '../api/auth.ts';
import { setUnauthorizedListener } from '../api/http.ts';
import type { OperatorProfile } from '@parley/protocol';
import { SessionContext } from './session-context.ts';
import { sessionHint } from './session-hint.ts';

/** The session's operator; null once the server says it has ended (401); undefined when it cannot be asked. */
async function currentOperator(): Promise<OperatorProfile | null | undefined> {
  try {
    return (await auth.fetchMe()).operator;
  } catch (error) {
    return error instanceof ParleyApiError && error.status === 401 ? null : undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // Never logged in here: the login form at once, without a probe the server can only refuse.
  const [operator, setOperatorState] = useState<OperatorProfile | null | undefined>(() => (sessionHint.present() ? undefined : null));

  const setOperator = useCallback((next: OperatorProfile | null) => {
    if (next) sessionHint.set();
    else sessionHint.clear();
    setOperatorState(next);
  }, []);

  useEffect(() => {
    let cancelled = false;
    if (sessionHint.present())
      void currentOperator().then((found) => {
        if (cancelled) return;
        // A server that cannot be reached shows the login form but keeps the hint for the next load.
        if (found === undefined) setOperatorState(null);
        else setOperator(found);
      });
    setUnauthorizedListener(() => setOperator(null));
    return () => {
      cancelled = true;
      setUnauthorizedListener(null);
    };
  }, [setOperator]);

  const login = useCallback(
    async (email: string, password: string) => {
      const session = await auth.login(email, password);
      setOperator(session.operator);
    },
    [setOperator],
  );

  const logout = useCallback(async () => {
    // Logged out locally even when the server cannot be reached: the cookie expires on its own.
    await auth.logout().catch(() => undefined);
    setOperator(null);
  }, [setOperator]);

  const recheck = useCallback(async () => {
    const found = await currentOperator();
    // A network error says nothing about the session, so the page stays as it is.
    if (found !== undefined) setOperator(found);
    return Boolean(found);
  }, [setOperator]);

  const state = useMemo(() => ({ operator, login, logout, recheck }), [operator, login, logout, recheck]);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}
