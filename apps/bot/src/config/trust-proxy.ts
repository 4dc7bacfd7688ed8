import proxyAddr from 'proxy-addr';

/** Express's `trust proxy` setting: on/off, a number of hops, or addresses, CIDRs and names. */
export type TrustProxy = boolean | number | string;

/**
 * PARLEY_TRUST_PROXY as Express's `trust proxy` takes it: `true`/`false`, a number of proxy hops, or a comma list
 * of addresses, CIDRs and the names `loopback`, `linklocal`, `uniquelocal`. A list is compiled here once, so a
 * typo fails at start instead of on the first request.
 */
export function parseTrustProxy(value: string): TrustProxy {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    proxyAddr.compile(entries);
  } catch (error) {
    throw new Error(`not a hop count, true/false, or a list of addresses/CIDRs/loopback: ${(error as Error).message}`, { cause: error });
  }
  return entries.join(',');
}
