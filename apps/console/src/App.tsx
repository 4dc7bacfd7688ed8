import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Loading.tsx';
import { ToastProvider } from './components/ToastProvider.tsx';
import { InboxProvider } from './inbox/InboxProvider.tsx';
import { DomainPage } from './pages/DomainPage.tsx';
import { InboxPage } from './pages/InboxPage.tsx';
import { KnowledgePage } from './pages/KnowledgePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ModelsPage } from './pages/ModelsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ReviewPage } from './pages/ReviewPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { SocketProvider } from './realtime/SocketProvider.tsx';
import { BotProvider } from './session/BotProvider.tsx';
import { RequireLogin } from './session/RequireLogin.tsx';
import { SessionProvider } from './session/SessionProvider.tsx';

// The charting library is most of the bundle: only the analytics page loads it.
const AnalyticsPage = lazy(() => import('./pages/AnalyticsPage.tsx').then(({ AnalyticsPage }) => ({ default: AnalyticsPage })));

/** Everything behind the login: one socket, the workspace's bots and the live inbox for the session. */
function LoggedIn() {
  return (
    <RequireLogin>
      <SocketProvider>
        <BotProvider>
          <ToastProvider>
            <InboxProvider>
              <Layout />
            </InboxProvider>
          </ToastProvider>
        </BotProvider>
      </SocketProvider>
    </RequireLogin>
  );
}

export function App() {
  return (
    <ErrorBoundary>
      <BrowserRouter basename="/console">
        <SessionProvider>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<LoggedIn />}>
              <Route index element={<Navigate to="/inbox" replace />} />
              <Route path="/inbox/:conversationId?" element={<InboxPage />} />
              <Route path="/review" element={<ReviewPage />} />
              <Route path="/domain/:intent?" element={<DomainPage />} />
              <Route path="/models" element={<ModelsPage />} />
              <Route path="/knowledge" element={<KnowledgePage />} />
              <Route path="/settings" element={<SettingsPage />} />
              <Route
                path="/analytics"
                element={
                  <Suspense fallback={<Loading what="analytics" />}>
                    <AnalyticsPage />
                  </Suspense>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </SessionProvider>
      </BrowserRouter>
    </ErrorBoundary>
  );
}
