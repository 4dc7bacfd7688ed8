import { createContext, useContext } from 'react';
import type { OperatorSocket } from './operator-socket.ts';

export interface SocketState {
  socket: OperatorSocket;
  connected: boolean;
}

export const SocketContext = createContext<SocketState | null>(null);

export function useSocket(): SocketState {
  const state = useContext(SocketContext);
  if (!state) throw new Error('useSocket needs a SocketProvider above it');
  return state;
}
