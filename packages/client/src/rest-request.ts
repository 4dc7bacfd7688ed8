import type { RestOperation } from '@parley/protocol';

type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/** `/bots/:botId` with `{ botId: 'a b' }` → `/bots/a%20b`; a missing parameter is the caller's bug, so it throws. */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') throw new TypeError(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** Query parameters as the server's schemas read them: absent values left out, arrays as repeated keys. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The URL of one call, relative to `apiBase` (the server's `/api/v1`). */
export function operationUrl(apiBase: string, operation: RestOperation, input: { params?: unknown; query?: unknown } | undefined): string {
  return `${apiBase}${fillPath(operation.path, input?.params as Record<string, unknown> | undefined)}${queryString(
    input?.query as Record<string, QueryValue> | undefined,
  )}`;
}
