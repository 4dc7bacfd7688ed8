import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-error.ts';
import * as auth from '../api/auth.ts';
import { setUnauthorizedListener } from '../api/http.ts';
import type { OperatorProfile } from '../api/types.ts';
import { SessionContext } from './session-context.ts';
import { sessionHint } from './session-hint.ts';

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
    if (sessionHint.present()) {
      auth.fetchMe().then(
        ({ operator }) => !cancelled && setOperator(operator),
        (error: unknown) => {
          if (cancelled) return;
          // Only a 401 says the session is over; a server that cannot be reached keeps the hint for the next load.
          if (error instanceof ApiError && error.status === 401) setOperator(null);
          else setOperatorState(null);
        },
      );
    }
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
    try {
      const { operator } = await auth.fetchMe();
      setOperator(operator);
      return true;
    } catch (error) {
      // A 401 means the session is over; a network error says nothing, so the page stays as it is.
      if (error instanceof ApiError && error.status === 401) setOperator(null);
      return false;
    }
  }, [setOperator]);

  const state = useMemo(() => ({ operator, login, logout, recheck }), [operator, login, logout, recheck]);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}
