import { io as connect, type Socket } from 'socket.io-client';
import { NAMESPACES, type NamespaceName } from '@parley/protocol';
import type { FuzzWorld } from './world.ts';

/** How one slot connects: its handshake auth and headers. */
export interface SlotSpec {
  label: string;
  auth: () => Record<string, unknown>;
  headers?: Record<string, string>;
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A few long-lived sockets of one namespace, reused across cases (connecting per case would fuzz the handshake,
 * not the events). A slot whose socket the server closed (an oversized packet does that) reconnects on next use.
 */
export class SocketSlots {
  readonly #sockets = new Map<number, Socket>();

  constructor(
    private readonly origin: URL,
    private readonly namespace: NamespaceName,
    readonly specs: readonly SlotSpec[],
  ) {}

  async get(slot: number): Promise<Socket> {
    const current = this.#sockets.get(slot);
    if (current?.connected) return current;
    current?.disconnect();
    const spec = this.specs[slot]!;
    const socket = connect(`${this.origin.origin}${this.namespace}`, {
      auth: spec.auth(),
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
      ...(spec.headers ? { extraHeaders: spec.headers } : {}),
    });
    this.#sockets.set(slot, socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', (error) => reject(new Error(`${spec.label} could not connect to ${this.namespace}: ${error.message}`)));
    });
    return socket;
  }

  close(): void {
    for (const socket of this.#sockets.values()) socket.disconnect();
    this.#sockets.clear();
  }
}

/** The owner of the seeded conversation, a new visitor each connection, and a bad visitor token from another site. */
export const customerSlots = (world: FuzzWorld): SocketSlots =>
  new SocketSlots(world.origin, NAMESPACES.customer, [
    { label: 'owner', auth: () => ({ botKey: world.botKey, visitorToken: world.visitorToken }) },
    { label: 'new-visitor', auth: () => ({ botKey: world.botKey }) },
    {
      label: 'stale-token',
      auth: () => ({ botKey: world.botKey, visitorToken: 'vt_not-a-real-token' }),
      headers: { origin: 'https://evil.example' },
    },
  ]);

/** Acme's admin and agent, and Globex's admin, who must see nothing of Acme's. */
export const operatorSlots = (world: FuzzWorld): SocketSlots =>
  new SocketSlots(
    world.origin,
    NAMESPACES.operator,
    (['admin', 'agent', 'outsider'] as const).map((who) => ({ label: who, auth: () => ({ token: world.sessionToken(who) }) })),
  );
