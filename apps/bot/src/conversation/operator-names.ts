import type { OperatorRef } from '@parley/protocol';
import type { Queryable } from '../db/database.ts';
import { operatorDisplayNames } from '../db/operator-store.ts';

/**
 * Display names of operators, for rendering their messages and status changes. Names change rarely and a
 * stale one for a few minutes is harmless, while a busy conversation would otherwise look them up per event.
 */
export class OperatorNames {
  readonly #cache = new Map<string, { ref: OperatorRef; at: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async refs(ids: Iterable<string | null>): Promise<Map<string, OperatorRef>> {
    const now = Date.now();
    const out = new Map<string, OperatorRef>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (id === null) continue;
      const hit = this.#cache.get(id);
      if (hit && now - hit.at < this.ttlMs) out.set(id, hit.ref);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const [id, name] of await operatorDisplayNames(this.db, missing)) {
        const ref = { id, name };
        this.#cache.set(id, { ref, at: now });
        out.set(id, ref);
      }
    }
    return out;
  }

  async ref(id: string): Promise<OperatorRef | null> {
    return (await this.refs([id])).get(id) ?? null;
  }

  forget(id: string): void {
    this.#cache.delete(id);
  }
}
