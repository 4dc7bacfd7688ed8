import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { NotificationPermissionButton } from '../notifications/NotificationPermissionButton.tsx';
import { useSocket } from '../realtime/socket-context.ts';
import { useOperator, useSession } from '../session/session-context.ts';
import { BotPicker } from './BotPicker.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ToastRegion } from './ToastRegion.tsx';

const PAGES = [
  { to: '/inbox', label: 'Inbox' },
  { to: '/review', label: 'Review' },
  { to: '/domain', label: 'Domain' },
  { to: '/models', label: 'Models' },
  { to: '/knowledge', label: 'Knowledge' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/settings', label: 'Settings', adminOnly: true },
];

export function Layout() {
  const operator = useOperator();
  const { logout } = useSession();
  const { connected } = useSocket();
  const { pathname } = useLocation();
  const pages = PAGES.filter((page) => !('adminOnly' in page) || operator.role === 'admin');

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-name">Parley console</span>
        <BotPicker />
        <span className={connected ? 'connection online' : 'connection offline'} role="status">
          {connected ? 'Live' : 'Reconnecting…'}
        </span>
        <NotificationPermissionButton />
        <span className="operator">
          {operator.displayName} <span className="role-badge">{operator.role}</span>
        </span>
        <button type="button" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {pages.map(({ to, label }) => (
            <li key={to}>
              <NavLink to={to}>{label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <ToastRegion />
    </div>
  );
}
