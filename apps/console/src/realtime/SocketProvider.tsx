import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { createOperatorSocket } from './operator-socket.ts';
import { SocketContext } from './socket-context.ts';

/** One /operator connection for the logged-in operator, closed on logout (when this unmounts). */
export function SocketProvider({ children }: { children: ReactNode }) {
  const socket = useMemo(() => createOperatorSocket(), []);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const up = () => setConnected(true);
    const down = () => setConnected(false);
    socket.on('connect', up);
    socket.on('disconnect', down);
    socket.connect();
    return () => {
      socket.off('connect', up);
      socket.off('disconnect', down);
      socket.disconnect();
    };
  }, [socket]);

  const state = useMemo(() => ({ socket, connected }), [socket, connected]);
  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}
