import { createRequiredContext } from '../lib/required-context.ts';
import type { OperatorSocket } from './operator-socket.ts';

export interface SocketState {
  socket: OperatorSocket;
  connected: boolean;
}

export const [SocketContext, useSocket] = createRequiredContext<SocketState>('useSocket', 'SocketProvider');
