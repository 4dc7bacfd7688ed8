import type { OperatorServerToClientEvents } from '@parley/protocol';
import { useEffect, useRef } from 'react';
import { useSocket } from './socket-context.ts';

/** Listens to a server event for as long as the component is mounted; the latest handler always runs. */
export function useSocketEvent<Event extends keyof OperatorServerToClientEvents>(
  event: Event,
  handler: OperatorServerToClientEvents[Event],
): void {
  const { socket } = useSocket();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const listener = ((...args: Parameters<OperatorServerToClientEvents[Event]>) =>
      (latest.current as (...a: typeof args) => void)(...args)) as OperatorServerToClientEvents[Event];
    // socket.io's typed `on` cannot relate a generic event to its listener.
    const on = socket.on.bind(socket) as (e: Event, l: typeof listener) => void;
    const off = socket.off.bind(socket) as (e: Event, l: typeof listener) => void;
    on(event, listener);
    return () => off(event, listener);
  }, [socket, event]);
}

/** Runs `effect` now if connected and again after every reconnect: subscriptions the server forgot must be renewed. */
export function useOnConnect(effect: () => void, deps: readonly unknown[]): void {
  const { socket } = useSocket();
  const latest = useRef(effect);
  useEffect(() => {
    latest.current = effect;
  });
  useEffect(() => {
    const run = () => latest.current();
    if (socket.connected) run();
    socket.on('connect', run);
    return () => {
      socket.off('connect', run);
    };
  }, [socket, ...deps]);
}
