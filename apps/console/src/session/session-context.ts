import { createRequiredContext } from '../lib/required-context.ts';
import type { OperatorProfile } from '@parley/protocol';

export interface SessionState {
  /** undefined while the session is being checked, null when logged out. */
  operator: OperatorProfile | null | undefined;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Asks the server whether this session still holds (it may have ended elsewhere); true when it does. */
  recheck(): Promise<boolean>;
}

export const [SessionContext, useSession] = createRequiredContext<SessionState>('useSession', 'SessionProvider');

/** The logged-in operator; only for components rendered behind the login gate. */
export function useOperator(): OperatorProfile {
  const { operator } = useSession();
  if (!operator) throw new Error('useOperator is only for logged-in pages');
  return operator;
}

export const useIsAdmin = () => useOperator().role === 'admin';
