/** The database could not be reached or opened; `target` is safe to log (passwords masked). */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';

  constructor(
    readonly target: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot open database ${target}: ${reason}`, options);
  }
}

/** A migration failed; the whole run was rolled back, so the schema is as it was before. */
export class SchemaMigrationError extends Error {
  override readonly name = 'SchemaMigrationError';

  constructor(
    readonly migration: string,
    options?: ErrorOptions,
  ) {
    super(`migration ${migration} failed: ${describeCause(options?.cause)}; no migration of this run was applied`, options);
  }
}

export class UnknownConversationError extends Error {
  override readonly name = 'UnknownConversationError';

  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} does not exist`);
  }
}

export function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return cause.errors.map(describeCause).join('; ');
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message || cause.name;
  }
  return String(cause);
}
