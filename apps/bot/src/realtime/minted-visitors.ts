import { hashSecret, plausibleSecret } from '../auth/secret-token.ts';
import type { MintedVisitor } from '../db/visitor-store.ts';

type Unsaved = Pick<MintedVisitor, 'visitor' | 'tokenHash'>;

/**
 * The visitors this process minted at a handshake and has not seen stored, by token hash: a widget that
 * reconnects before its first conversation (a dropped connection, a second tab) keeps the token it was given,
 * as the protocol promises, though no row exists yet. Bounded, oldest dropped first, and short-lived, so a flood
 * of sockets costs bounded memory instead of rows. A token that fell out (or was minted by another server
 * process) is unknown, and its widget is given a new one in `session`: nothing was attached to it yet.
 */
export class MintedVisitors {
  readonly #byHash = new Map<string, Unsaved & { expiresAt: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 60 * 60 * 1000,
  ) {}

  remember(minted: Unsaved): void {
    // A Map iterates in insertion order, so its first key is the oldest entry.
    while (this.#byHash.size >= this.maxEntries) this.#byHash.delete(this.#byHash.keys().next().value!);
    this.#byHash.set(minted.tokenHash, { visitor: minted.visitor, tokenHash: minted.tokenHash, expiresAt: Date.now() + this.ttlMs });
  }

  /** The minted visitor this token was given to, on this bot only. */
  find(botId: string, token: string): Unsaved | undefined {
    if (!plausibleSecret(token)) return undefined;
    const tokenHash = hashSecret(token);
    const entry = this.#byHash.get(tokenHash);
    if (!entry || entry.visitor.botId !== botId) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#byHash.delete(tokenHash);
      return undefined;
    }
    return { visitor: entry.visitor, tokenHash };
  }

  get size(): number {
    return this.#byHash.size;
  }
}
