import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
import { useSession } from '../session/session-context.ts';

export function LoginPage() {
  const { operator, login } = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  // Back to the page that sent the operator here, the inbox otherwise.
  const from = (location.state as { from?: string } | null)?.from ?? '/inbox';
  if (operator) return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A successful login re-renders into <Navigate>, so the form stays disabled until it is gone.
    await run(() => login(email, password), { keepBusy: true });
  };

  return (
    <main className="login-page">
      <form className="login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Parley console</h1>
        <p className="muted">Log in to work the inbox.</p>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
