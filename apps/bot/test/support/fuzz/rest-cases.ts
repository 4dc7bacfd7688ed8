import fc from 'fast-check';
import type { Access, AnyRoute } from '../../../src/http/api-route.ts';
import { describeInput, type FailureCollector } from './failures.ts';
import { encodeSegment, sendRaw } from './http-send.ts';
import { mutated } from './mutations.ts';
import { knownValue, validish, type KnownValues } from './schema-arbitrary.ts';
import { nastyJson, nastyString } from './values.ts';
import { CREDENTIALS, type CredentialName, type FuzzWorld } from './world.ts';

/** One API call: a route of the table with its path filled, a query, a body and who sends it. */
export interface RestCase {
  /** The route's tag: the rows of the counts table. */
  group: string;
  /** `POST /bots/:botId/examples`: the route it was made from. */
  route: string;
  method: string;
  /** Relative to /api/v1, encoded. */
  path: string;
  credential: CredentialName;
  /** JSON text, when there is a body. */
  body?: string;
}

/** Path segments that have broken routers: bad escapes, traversal, NUL, a truncated UTF-8 sequence, 5 KB. */
export const RAW_SEGMENTS = [
  '%ff',
  '%FF%FE',
  '..%2f..%2f',
  '%2e%2e',
  '..',
  '%00',
  'a%00b',
  '%',
  '%zz',
  '%E2%82',
  '%c0%ae',
  '%F0%9F%99%82',
  'a'.repeat(5_000),
  '__proto__',
  'constructor',
  '%20',
  ';x=1',
];

const RAW_QUERIES = [
  '%ff=%ff',
  'limit=1&limit=2',
  'limit[]=1',
  'limit[a]=1',
  '%00=%00',
  '__proto__[x]=1',
  'a=' + 'x'.repeat(8_000),
  '&&&=&',
];

const RIGHT_CREDENTIALS: Record<Access, CredentialName[]> = {
  public: ['none', 'admin'],
  apiKey: ['api-key'],
  operator: ['agent', 'agent-cookie', 'admin', 'admin-cookie', 'outsider'],
  admin: ['admin', 'admin-cookie', 'outsider'],
};

/** The credential that gets furthest into a route: an admin for operator routes. */
export const bestCredential = (access: Access): CredentialName => (access === 'operator' ? 'admin' : RIGHT_CREDENTIALS[access][0]!);

/** Credentials, mostly ones the route accepts so that cases get past authentication. */
export const credentialFor = (access: Access): fc.Arbitrary<CredentialName> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...RIGHT_CREDENTIALS[access]) },
    { weight: 1, arbitrary: fc.constantFrom(...CREDENTIALS) },
  );

const paramNames = (route: AnyRoute) => [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);

/** A path parameter: a real id of the seeded workspaces most of the time, else a random UUID or a nasty segment. */
export function segmentFor(name: string, known: KnownValues): fc.Arbitrary<string> {
  const real = known(name);
  return fc.oneof(
    { weight: 5, arbitrary: real && real.length > 0 ? knownValue(real.map(encodeSegment)) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 2, arbitrary: nastyString.map(encodeSegment) },
  );
}

/** The route's path with each `:param` filled: nasty segments, or only real values (`real`) when something else is fuzzed. */
export function pathFor(route: AnyRoute, known: KnownValues, real = false): fc.Arbitrary<string> {
  const names = paramNames(route);
  const realSegment = (name: string) => fc.constantFrom(...(known(name) ?? ['00000000-0000-4000-8000-000000000000']).map(encodeSegment));
  return fc
    .tuple(...names.map((name) => (real ? realSegment(name) : segmentFor(name, known))))
    .map((segments) => names.reduce((path, name, i) => path.replace(`:${name}`, segments[i]!), route.path));
}

function queryFor(route: AnyRoute, known: KnownValues): fc.Arbitrary<string> {
  const fromSchema = route.query
    ? validish(route.query, known).map((query) =>
        Object.entries(typeof query === 'object' && query !== null ? query : {})
          .map(([key, value]) => `${encodeSegment(key)}=${encodeSegment(typeof value === 'string' ? value : JSON.stringify(value))}`)
          .join('&'),
      )
    : fc.constant('');
  return fc.oneof(
    { weight: 6, arbitrary: fromSchema },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) },
    { weight: 1, arbitrary: fc.tuple(nastyString, nastyString).map(([key, value]) => `${encodeSegment(key)}=${encodeSegment(value)}`) },
  );
}

function bodyFor(route: AnyRoute, known: KnownValues): fc.Arbitrary<unknown> {
  if (!route.body) return fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: nastyJson });
  const valid = validish(route.body, known);
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 3, arbitrary: mutated(valid) }, { weight: 2, arbitrary: nastyJson });
}

function caseFor(route: AnyRoute, known: KnownValues): fc.Arbitrary<RestCase> {
  const method = fc.oneof(
    { weight: 12, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom('get', 'post', 'put', 'patch', 'delete', 'options', 'head') },
  );
  return fc
    .record({
      path: pathFor(route, known),
      query: queryFor(route, known),
      body: bodyFor(route, known),
      method,
      credential: credentialFor(route.access),
    })
    .map(({ path, query, body, method, credential }) => ({
      group: route.tag,
      route: `${route.method.toUpperCase()} ${route.path}`,
      method: method.toUpperCase(),
      path: query ? `${path}?${query}` : path,
      credential,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
}

/** Cases over every route of the table, each route equally likely. */
export const restCases = (world: FuzzWorld): fc.Arbitrary<RestCase> =>
  fc.oneof(...world.routes.map((route) => caseFor(route, world.known)));

// Cases that may end the fuzzer's own session or revoke its key; credentials are renewed after them.
export const endsCredentials = (route: string): boolean => /^(POST \/auth\/logout|DELETE \/bots\/:botId\/api-keys\/:apiKeyId)$/.test(route);

export const REQUEST_TIMEOUT_MS = 10_000;

/** Sends one case and files what went wrong: a 5xx, or no response at all. */
export async function runRestCase(world: FuzzWorld, collector: FailureCollector, restCase: RestCase): Promise<void> {
  const { method, path, credential, body } = restCase;
  const fuzzCase = collector.begin(
    'rest',
    restCase.group,
    `${method} ${path} [${credential}]${body === undefined ? '' : ` ${describeInput(body)}`}`,
    restCase.route,
  );
  try {
    const headers = { ...world.headers(credential), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await sendRaw(world.agent, world.origin, { method, path: `/api/v1${path}`, headers, body }, REQUEST_TIMEOUT_MS);
    if ('error' in response) collector.fail(fuzzCase, 'no-response', `${restCase.route}: ${response.error}`);
    // A 5xx whose error was logged is filed already, under the error and its stack.
    else if (response.status >= 500 && !fuzzCase.failed)
      collector.fail(fuzzCase, '5xx', `${response.status} from ${restCase.route}: ${response.body.slice(0, 120)}`);
    else if (response.status < 400) collector.accepted(fuzzCase);
  } finally {
    collector.end(fuzzCase);
  }
  if (endsCredentials(restCase.route)) await world.renewCredentials();
}
