import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-error.ts';
import * as auth from '../api/auth.ts';
import { setUnauthorizedListener } from '../api/http.ts';
import type { OperatorProfile } from '../api/types.ts';
import { SessionContext } from './session-context.ts';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [operator, setOperator] = useState<OperatorProfile | null | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    auth.fetchMe().then(
      ({ operator }) => !cancelled && setOperator(operator),
      () => !cancelled && setOperator(null),
    );
    setUnauthorizedListener(() => setOperator(null));
    return () => {
      cancelled = true;
      setUnauthorizedListener(null);
    };
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const session = await auth.login(email, password);
    setOperator(session.operator);
  }, []);

  const logout = useCallback(async () => {
    // Logged out locally even when the server cannot be reached: the cookie expires on its own.
    await auth.logout().catch(() => undefined);
    setOperator(null);
  }, []);

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
  }, []);

  const state = useMemo(() => ({ operator, login, logout, recheck }), [operator, login, logout, recheck]);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}
