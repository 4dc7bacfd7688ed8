import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from '../components/Loading.tsx';
import { useSession } from './session-context.ts';

export function RequireLogin({ children }: { children: ReactNode }) {
  const { operator } = useSession();
  const location = useLocation();
  if (operator === undefined) return <Loading what="your session" />;
  if (operator === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return children;
}
