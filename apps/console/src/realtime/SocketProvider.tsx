import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../session/session-context.ts';
import { createOperatorSocket } from './operator-socket.ts';
import { SocketContext } from './socket-context.ts';

/**
 * One /operator connection for the logged-in operator, closed on logout (when this unmounts). The server closes
 * it when the session ends (a logout in another tab, expiry) and refuses it without one, so either sends this page
 * to the login form, through the session check; if the session still holds, it connects again.
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const socket = useMemo(() => createOperatorSocket(), []);
  const [connected, setConnected] = useState(false);
  const { recheck } = useSession();

  useEffect(() => {
    const up = () => setConnected(true);
    const recheckThenReconnect = () => void recheck().then((holds) => holds && !socket.active && socket.connect());
    const down = (reason: string) => {
      setConnected(false);
      // socket.io-client reconnects on its own after anything but a hang-up by the server.
      if (reason === 'io server disconnect') recheckThenReconnect();
    };
    const refused = (error: Error & { data?: { code?: string } }) => {
      // Only rechecked: a refusal for another reason (this page's origin) would refuse every retry too.
      if (error.data?.code === 'unauthorized') void recheck();
    };
    socket.on('connect', up);
    socket.on('disconnect', down);
    socket.on('connect_error', refused);
    socket.connect();
    return () => {
      socket.off('connect', up);
      socket.off('disconnect', down);
      socket.off('connect_error', refused);
      socket.disconnect();
    };
  }, [socket, recheck]);

  const state = useMemo(() => ({ socket, connected }), [socket, connected]);
  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}
