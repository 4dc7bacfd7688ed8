/** Whether `error` is PostgreSQL's unique_violation (23505) on the named constraint or index, from either driver. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: named, message } = (error ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown };
  return code === '23505' && (named === constraint || (typeof message === 'string' && message.includes(constraint)));
}
